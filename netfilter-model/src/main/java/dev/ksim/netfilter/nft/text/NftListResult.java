package dev.ksim.netfilter.nft.text;

/**
 * What an {@code nft list ...} run printed and how it exited.
 *
 * @param exitStatus 0 on success, 1 when nft refuses the command or finds no such object
 * @param stdout what it printed on standard output
 * @param stderr what it printed on standard error (nft's error, the command and a caret line)
 */
public record NftListResult(int exitStatus, String stdout, String stderr) {}
