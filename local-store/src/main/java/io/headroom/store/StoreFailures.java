package io.headroom.store;

import java.sql.SQLException;
import java.util.Locale;
import org.h2.api.ErrorCode;

/** Sorts H2's errors into the few cases the console treats differently. */
final class StoreFailures {

    private StoreFailures() {}

    /** Another process has the database file open (H2's own lock, when ours was not taken). */
    static boolean isInUse(SQLException e) {
        return e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1;
    }

    /**
     * The file is not a database this version can read: damaged bytes, an unknown format.
     * Such a file is moved aside rather than opened or overwritten.
     */
    static boolean isUnreadableFile(SQLException e) {
        int code = e.getErrorCode();
        if (code == ErrorCode.FILE_CORRUPTED_1 || code == ErrorCode.FILE_VERSION_ERROR_1) {
            return true;
        }
        // MVStore reports damage it finds deep in a page as a general error around its own exception.
        if (code == ErrorCode.GENERAL_ERROR_1
                && mentions(e, "MVStoreException")
                && !isDiskFull(e)
                && !mentions(e, "Writing to")) {
            return true;
        }
        // A file too short for the blocks its header names: H2 calls it an I/O error on reading,
        // but the bytes, not the disk, are at fault (a disk that cannot be read fails earlier, on open).
        return code == ErrorCode.IO_EXCEPTION_1
                && mentions(e, "MVStoreException")
                && mentions(e, "Reading from file")
                && !isDiskFull(e);
    }

    /** No space left on the device, as the operating system words it (H2 passes its IOException on). */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left")
                        || lower.contains("disk full")
                        || lower.contains("not enough space")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * After a failed write H2 closes the database ("panic"), and every later statement fails
     * with 90098 until it is opened again. A database reopened while its file could not be
     * written (made immutable, a read-only mount) is opened read-only by H2 without a word, and
     * would stay so after the file is writable again: that too needs opening again.
     */
    static boolean closedTheDatabase(SQLException e) {
        int code = e.getErrorCode();
        return code == ErrorCode.DATABASE_IS_CLOSED
                || code == ErrorCode.DATABASE_IS_READ_ONLY
                || code == ErrorCode.GENERAL_ERROR_1
                || code == ErrorCode.IO_EXCEPTION_1
                || code == ErrorCode.IO_EXCEPTION_2
                || code == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN;
    }

    /** The first line of the driver's message with the deepest cause, short enough for a tooltip. */
    // cause-chain walk: a Throwable that is its own cause, and whether the root is the throwable itself; identity is
    // what is meant
    @SuppressWarnings("ReferenceEquality")
    static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = firstLine(e.getMessage());
        String bottom = firstLine(root.getMessage());
        return root == e || top.contains(bottom) ? top : top + " (" + bottom + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static boolean mentions(Throwable e, String text) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if ((t.getMessage() != null && t.getMessage().contains(text))
                    || t.getClass().getSimpleName().equals(text)) {
                return true;
            }
        }
        return false;
    }
}
