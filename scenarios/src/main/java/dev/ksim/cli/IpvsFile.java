package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.text.Ipvsadm;
import dev.ksim.ipvs.text.IpvsadmRestoreException;

/**
 * An {@code ipvsadm -S} file loaded as {@code ipvsadm -R} loads it; a bad line is an input error.
 */
final class IpvsFile {
  private IpvsFile() {}

  /**
   * Restores {@code text} into {@code ipvs}.
   *
   * @throws KsimInputException naming the file, the line and the argument, in ipvsadm's words
   */
  static void load(String file, String text, Ipvs ipvs) {
    try {
      Ipvsadm.restore(ipvs, text);
    } catch (IpvsadmRestoreException e) {
      String argument = e.argument().isEmpty() ? null : e.argument();
      throw new KsimInputException(
          new SourceLocation(file, e.line(), argument), String.valueOf(e.getMessage()));
    }
  }
}
