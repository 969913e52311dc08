package floor;

/** What the floor's generated methods call: the stand-in for a runtime that interprets each call. */
public final class Dispatch {
  private Dispatch() {}

  /** {@return nothing: the floor is compiled, never run} */
  public static Object call(int method, Object... arguments) {
    throw new UnsupportedOperationException("the B6 floor is compiled, not run");
  }
}
