package io.headroom.core.fleet;

/**
 * A rack in a row of a hall.
 *
 * @param row           the row label within the hall, e.g. "C"
 * @param position      position within the row, from 1
 * @param powerBudgetKw what the rack's PDUs and cooling are provisioned for
 */
public record Rack(String id, String hallId, String row, int position, int heightU, double powerBudgetKw) {}
