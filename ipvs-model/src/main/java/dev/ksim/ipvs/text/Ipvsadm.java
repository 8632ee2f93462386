package dev.ksim.ipvs.text;

import dev.ksim.ipvs.Destination;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsException;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.ipvs.VirtualServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The ipvsadm program over one {@link Ipvs}: parses a command line, runs it, and prints what
 * ipvsadm 1.31 prints, including its messages for requests the kernel refuses ({@code
 * ipvs_strerror} of libipvs). {@code -R} reads commands line by line and stops at the first that
 * fails, the lines before it staying applied, as ipvsadm's restore does.
 */
public final class Ipvsadm {
  private Ipvsadm() {}

  /** Runs {@code ipvsadm ARGS}; {@code stdin} is what {@code -R} reads. */
  public static IpvsadmResult run(Ipvs ipvs, List<String> args, String stdin) {
    try {
      IpvsadmRequest request = IpvsadmParser.parse(args);
      if (request.command() == IpvsadmCommand.RESTORE) {
        restore(ipvs, stdin);
        return new IpvsadmResult(0, "", "");
      }
      return new IpvsadmResult(0, execute(ipvs, request), "");
    } catch (IpvsadmException e) {
      return new IpvsadmResult(e.exitStatus(), "", e.getMessage() + "\n");
    } catch (IpvsadmRestoreException e) {
      return new IpvsadmResult(e.exitStatus(), "", e.getMessage() + "\n");
    }
  }

  /**
   * {@code ipvsadm -R}: each non-blank line is a command line; the first that fails stops the
   * restore with its error (those before it stay applied).
   *
   * @throws IpvsadmRestoreException naming the line that failed
   */
  public static void restore(Ipvs ipvs, String lines) {
    String[] all = lines.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      String line = all[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> args = new ArrayList<>(Arrays.asList(line.split("\\s+")));
      if (args.get(0).equals("ipvsadm")) {
        args.remove(0);
      }
      try {
        IpvsadmRequest request = IpvsadmParser.parse(args);
        if (request.command() == IpvsadmCommand.RESTORE) {
          throw IpvsadmException.usage("-R", "-R: restore cannot be nested");
        }
        execute(ipvs, request);
      } catch (IpvsadmException e) {
        throw new IpvsadmRestoreException(i + 1, e);
      }
    }
  }

  /** Runs one parsed command; returns what it prints. */
  public static String execute(Ipvs ipvs, IpvsadmRequest request) {
    try {
      return switch (request.command()) {
        case ADD_SERVICE -> {
          ipvs.addService(service(request), request.scheduler(), flags(request));
          yield "";
        }
        case EDIT_SERVICE -> {
          ipvs.editService(service(request), request.scheduler(), flags(request));
          yield "";
        }
        case DELETE_SERVICE -> {
          ipvs.deleteService(service(request));
          yield "";
        }
        case FLUSH -> {
          ipvs.clear();
          yield "";
        }
        case ADD_SERVER -> {
          ipvs.addDestination(service(request), destination(request));
          yield "";
        }
        case EDIT_SERVER -> {
          ipvs.editDestination(service(request), destination(request));
          yield "";
        }
        case DELETE_SERVER -> {
          ipvs.deleteDestination(
              service(request), Objects.requireNonNull(request.server(), "server"));
          yield "";
        }
        case ZERO -> {
          ipvs.zero(request.service());
          yield "";
        }
        case SET -> {
          List<Integer> t = request.timeouts();
          ipvs.timeouts().set(t.get(0), t.get(1), t.get(2));
          yield "";
        }
        case SAVE -> IpvsadmWriter.save(ipvs);
        case LIST -> list(ipvs, request);
        case RESTORE -> throw IpvsadmException.usage("-R", "-R reads standard input");
      };
    } catch (IpvsException e) {
      throw new IpvsadmException(1, "", strerror(request.command(), e.errno()));
    }
  }

  private static String list(Ipvs ipvs, IpvsadmRequest request) {
    boolean numeric = request.has(IpvsadmOption.NUMERIC);
    if (request.has(IpvsadmOption.CONNECTION)) {
      return IpvsadmWriter.connections(ipvs, numeric, request.has(IpvsadmOption.PERSISTENT_CONN));
    }
    if (request.has(IpvsadmOption.TIMEOUT)) {
      return IpvsadmWriter.timeouts(ipvs);
    }
    if (request.has(IpvsadmOption.DAEMON)) {
      return "";
    }
    IpvsadmWriter.Format format =
        new IpvsadmWriter.Format(
            numeric,
            false,
            request.has(IpvsadmOption.STATS),
            request.has(IpvsadmOption.RATE),
            request.has(IpvsadmOption.THRESHOLDS),
            request.has(IpvsadmOption.PERSISTENT_CONN),
            request.has(IpvsadmOption.EXACT),
            request.has(IpvsadmOption.NOSORT));
    ServiceKey key = request.service();
    if (key == null) {
      return IpvsadmWriter.list(ipvs, format);
    }
    VirtualServer service =
        ipvs.service(key).orElseThrow(() -> new IpvsException(IpvsException.Errno.ESRCH, ""));
    return IpvsadmWriter.listService(ipvs, service, format);
  }

  private static ServiceKey service(IpvsadmRequest request) {
    return Objects.requireNonNull(request.service(), "service");
  }

  private static ServiceFlags flags(IpvsadmRequest request) {
    return new ServiceFlags(
        request.persistenceTimeout() > 0,
        request.persistenceTimeout(),
        request.netmaskBits(),
        request.onePacket(),
        request.schedulerFlags());
  }

  private static Destination destination(IpvsadmRequest request) {
    return new Destination(
        Objects.requireNonNull(request.server(), "server"),
        request.forward(),
        request.weight(),
        request.upperThreshold(),
        request.lowerThreshold());
  }

  /** {@code ipvs_strerror}: libipvs's words for a command's errno. */
  static String strerror(IpvsadmCommand command, IpvsException.Errno errno) {
    return switch (errno) {
      case EEXIST ->
          command == IpvsadmCommand.ADD_SERVICE
              ? "Service already exists"
              : "Destination already exists";
      case ESRCH ->
          switch (command) {
            case ADD_SERVER, EDIT_SERVER, DELETE_SERVER -> "Service not defined";
            default -> "No such service";
          };
      case ENOENT ->
          switch (command) {
            case ADD_SERVICE, EDIT_SERVICE -> "Scheduler or persistence engine not found";
            default -> "No such destination";
          };
      case EINVAL -> "Invalid operation.  Possibly wrong module version, address not unicast, ...";
      case ERANGE -> "Numerical result out of range";
    };
  }
}
