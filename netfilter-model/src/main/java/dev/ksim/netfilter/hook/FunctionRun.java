package dev.ksim.netfilter.hook;

/**
 * One registered {@link dev.ksim.netfilter.HookFunction}'s run on a packet at a hook.
 *
 * @param hook the hook
 * @param name the function's name
 * @param priority its priority at the hook
 * @param result what it decided
 */
public record FunctionRun(Hook hook, String name, int priority, HookResult result) {}
