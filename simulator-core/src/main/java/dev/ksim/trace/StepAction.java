package dev.ksim.trace;

/** What a step did, in Batfish's words where they fit and netfilter's where they do not. */
public enum StepAction {
  ORIGINATED,
  RECEIVED,
  SETUP_SESSION,
  MATCHED_SESSION,
  ACCEPTED,
  DROPPED,
  REJECTED,
  TRANSFORMED,
  FORWARDED,
  TRANSMITTED,
  ENCAPSULATED,
  DECAPSULATED,
  DELIVERED
}
