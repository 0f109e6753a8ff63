package io.headroom.agent.reclaim;

/**
 * What became of one notice: sent, or failed with the reason in words (secrets masked).
 *
 * @param tries how many times it was sent (1 to the webhook's limit)
 */
public record SendOutcome(boolean sent, String message, int tries) {}
