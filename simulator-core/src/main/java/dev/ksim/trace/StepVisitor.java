package dev.ksim.trace;

/**
 * One method per kind of step, for renderers in other modules; adding a step kind breaks every
 * renderer until it handles it.
 *
 * @param <R> what the visit returns
 */
public interface StepVisitor<R> {
  R visitOriginated(Step.Originated step);

  R visitReceived(Step.Received step);

  R visitConntrack(Step.ConntrackLookedUp step);

  R visitHook(Step.HookTraversed step);

  R visitHookFunction(Step.HookFunctionRan step);

  R visitTranslated(Step.Translated step);

  R visitRouted(Step.Routed step);

  R visitTransmitted(Step.Transmitted step);

  R visitDelivered(Step.Delivered step);

  R visitDropped(Step.Dropped step);

  R visitEncapsulated(Step.Encapsulated step);

  R visitDecapsulated(Step.Decapsulated step);
}
