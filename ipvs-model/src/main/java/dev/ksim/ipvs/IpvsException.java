package dev.ksim.ipvs;

/**
 * A configuration request the kernel refuses, with the errno it returns ({@code ipvsadm} turns it
 * into its own words: "Service not defined", "Destination already exists", ...).
 */
public final class IpvsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The errno values ip_vs_ctl.c returns for what a user can get wrong. */
  public enum Errno {
    /** The service or destination exists already. */
    EEXIST,
    /** No such service. */
    ESRCH,
    /** No such destination, or no such scheduler. */
    ENOENT,
    /** An invalid argument. */
    EINVAL,
    /** A weight or threshold out of range. */
    ERANGE
  }

  private final Errno errno;

  public IpvsException(Errno errno, String message) {
    super(message);
    this.errno = errno;
  }

  public Errno errno() {
    return errno;
  }
}
