package dev.ksim.netfilter.match;

/** {@code -m comment --comment text}: always matches; documents the rule. */
public record CommentMatch(String text) implements Match {
  @Override
  public boolean matches(MatchContext context) {
    return true;
  }

  @Override
  public String save() {
    return "-m comment --comment " + SaveStrings.quote(text);
  }

  @Override
  public String list(boolean numeric) {
    return "/* " + text + " */";
  }
}
