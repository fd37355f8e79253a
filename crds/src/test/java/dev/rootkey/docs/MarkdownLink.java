package dev.rootkey.docs;

import java.nio.file.Path;

/** A link in a Markdown page: the page, the line it is on (from 1), and where it points. */
record MarkdownLink(Path page, int line, String target) {}
