package dev.ksim.netfilter.nft.text;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;

/** An {@code nft -f} input that nft would refuse, with the line and nft's wording. */
public final class NftParseException extends KsimInputException {
  private static final long serialVersionUID = 1L;

  public NftParseException(SourceLocation location, String message) {
    super(location, message);
  }
}
