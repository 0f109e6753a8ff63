package io.headroom.views.operations;

import io.headroom.core.fleet.Node;

/** One server an operation is for, with the generation the operator saw: a different one on arrival is a conflict. */
public record OperationTarget(Node node, long generation) {}
