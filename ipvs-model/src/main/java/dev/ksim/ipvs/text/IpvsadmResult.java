package dev.ksim.ipvs.text;

/**
 * What an ipvsadm run printed and how it exited.
 *
 * @param exitStatus 0 on success, 2 for a command line ipvsadm refuses, 1 for a request the kernel
 *     refuses
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error (its error message, with a newline)
 */
public record IpvsadmResult(int exitStatus, String stdout, String stderr) {}
