package dev.rootkey.api.v1alpha1;

/** A {@link Unreadable} spec of a KeyUsage: its getters answer as for an empty one. */
public final class UnreadableKeyUsageSpec extends KeyUsageSpec implements Unreadable {

  private final Part part;

  UnreadableKeyUsageSpec(Part part) {
    this.part = part;
  }

  @Override
  public boolean equals(Object o) {
    return Unreadable.equal(this, o);
  }

  @Override
  public int hashCode() {
    return part.raw().hashCode();
  }

  @Override
  public Part part() {
    return part;
  }
}
