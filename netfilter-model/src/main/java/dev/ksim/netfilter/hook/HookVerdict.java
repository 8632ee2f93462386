package dev.ksim.netfilter.hook;

/**
 * What a hook decided for a packet. REJECT is the kernel's drop plus a generated ICMP error or TCP
 * reset (the REJECT target); it is kept apart from DROP because a client sees the difference.
 */
public enum HookVerdict {
  ACCEPT,
  DROP,
  REJECT
}
