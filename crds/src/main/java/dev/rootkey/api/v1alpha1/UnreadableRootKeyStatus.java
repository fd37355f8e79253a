package dev.rootkey.api.v1alpha1;

/** A {@link Unreadable} status of a RootKey: its getters answer as for an empty one. */
public final class UnreadableRootKeyStatus extends RootKeyStatus implements Unreadable {

  private final Part part;

  UnreadableRootKeyStatus(Part part) {
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
