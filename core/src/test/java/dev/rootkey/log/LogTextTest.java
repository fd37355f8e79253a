package dev.rootkey.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

  private static final int ALL = Integer.MAX_VALUE;

  @Test
  void ordinaryTextIsKeptAsItIs() {
    String text = "Key k1 reported leaked at https://github.com/o/r/blob/main/.env (ünïcødé, \\n)";

    assertThat(LogText.escape(text, ALL)).isSameAs(text);
  }

  @Test
  void lineBreaksAndTabsBecomeTheirEscapes() {
    assertThat(LogText.escape("a\nb\r\nc\td", ALL)).isEqualTo("a\\nb\\r\\nc\\td");
  }

  @Test
  void everyOtherControlAndLineSeparatorBecomesAUnicodeEscape() {
    assertThat(LogText.escape("\u0000\u000b\u000c\u001b\u007f\u0085\u009f\u2028\u2029", ALL))
        .isEqualTo("\\u0000\\u000b\\u000c\\u001b\\u007f\\u0085\\u009f\\u2028\\u2029");
  }

  @Test
  void noLineOfItsOwnCanBeStartedWhateverTheText() {
    StringBuilder everyChar = new StringBuilder();
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      everyChar.append("x").append(c);
    }

    String escaped = LogText.escape(everyChar, ALL);

    assertThat(escaped.lines()).hasSize(1);
    assertThat(escaped).doesNotContain("\u2028", "\u2029", "\u0085", "\n", "\r");
  }

  @Test
  void longTextIsCutWithANoteOfWhatWasLeftOut() {
    assertThat(LogText.escape("abcdef\n", 3)).isEqualTo("abc...[4 more characters]");
  }

  @Test
  void aCutNeverSplitsACharacter() {
    assertThat(LogText.escape("ab\uD83D\uDD11cd", 3)).isEqualTo("ab...[4 more characters]");
  }

  @Test
  void nullIsWrittenAsNull() {
    assertThat(LogText.escape(null, ALL)).isEqualTo("null");
  }
}
