package dev.rootkey.webhook.admission;

import com.fasterxml.jackson.core.filter.TokenFilter;

/**
 * What the webhook reads of an AdmissionReview: everything but {@code managedFields}, nested no
 * deeper than a limit. The managed fields are skipped token by token, without recursion, because a
 * client may nest them as deep as the API server lets it, while the webhook never reads them;
 * refusing such a review would let the change through unrecorded (failurePolicy Ignore).
 */
final class ReviewTokens extends TokenFilter {

  private final int depth;
  private final int maxDepth;

  private ReviewTokens(int depth, int maxDepth) {
    this.depth = depth;
    this.maxDepth = maxDepth;
  }

  /** A filter for a whole review, refusing anything else nested deeper than {@code maxDepth}. */
  static TokenFilter nestedAtMost(int maxDepth) {
    return new ReviewTokens(0, maxDepth);
  }

  @Override
  public TokenFilter includeProperty(String name) {
    return "managedFields".equals(name) ? null : this;
  }

  @Override
  public TokenFilter includeElement(int index) {
    return this;
  }

  @Override
  public TokenFilter filterStartObject() {
    return deeper();
  }

  @Override
  public TokenFilter filterStartArray() {
    return deeper();
  }

  private TokenFilter deeper() {
    if (depth >= maxDepth) {
      throw new IllegalArgumentException("a review nested deeper than " + maxDepth + " levels");
    }
    return new ReviewTokens(depth + 1, maxDepth);
  }
}
