package io.headroom.core.audit;

import java.util.List;

/**
 * One audit record as stored, for checking: its number in the trail, its fields in canonical
 * order, and the two hashes written with it.
 *
 * @param number       the record's number (the console's seq, the agent file's record number)
 * @param fields       the fields the hash covers, in the order they were hashed
 * @param previousHash the hash of the record before it, as stored with this one
 * @param hash         this record's hash, as stored
 */
public record ChainedRecord(long number, List<String> fields, String previousHash, String hash) {
    public ChainedRecord {
        fields = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(fields));
    }
}
