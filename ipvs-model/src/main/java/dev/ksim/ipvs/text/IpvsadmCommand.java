package dev.ksim.ipvs.text;

/**
 * ipvsadm's commands, with the names its messages use ({@code cmdnames} in ipvsadm.c) and the
 * options each requires ('+'), allows (' ') or refuses ('x'), in the order of {@link
 * IpvsadmOption}; '1' marks options of which at most one may be given.
 */
public enum IpvsadmCommand {
  ADD_SERVICE("add-service", "xx+   xxxxxxxxxxxxxxx   "),
  EDIT_SERVICE("edit-service", "xx+   xxxxxxxxxxxxxxx   "),
  DELETE_SERVICE("delete-service", "xx+xxxxxxxxxxxxxxxxxxxxx"),
  FLUSH("flush", "xxxxxxxxxxxxxxxxxxxxxxxx"),
  LIST("list", " 11xxxxxxxxx11     x xxx"),
  ADD_SERVER("add-server", "xx+xxx+    xxxxxxxxxxxxx"),
  DELETE_SERVER("delete-server", "xx+xxx+xxxxxxxxxxxxxxxxx"),
  EDIT_SERVER("edit-server", "xx+xxx+    xxxxxxxxxxxxx"),
  SET("set", "xxxxxxxxxxxxxxxxxxxxxxxx"),
  RESTORE("restore", "xxxxxxxxxxxxxxxxxxxxxxxx"),
  SAVE("save", " xxxxxxxxxxxxxxxxxxxxxxx"),
  ZERO("zero", "xx xxxxxxxxxxxxxxxxxxxxx");

  private final String token;
  private final String rules;

  IpvsadmCommand(String token, String rules) {
    this.token = token;
    this.rules = rules;
  }

  /** The name ipvsadm's messages use. */
  public String token() {
    return token;
  }

  /** '+', ' ', 'x' or '1' for {@code option} with this command. */
  @SuppressWarnings(
      "EnumOrdinal") // the rule strings follow IpvsadmOption's order, as ipvsadm's table
  char rule(IpvsadmOption option) {
    return rules.charAt(option.ordinal());
  }
}
