package io.headroom.store;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One console per profile. The operating system's lock on {@code console.lock} is the real
 * guard (it goes away with the process, kill -9 included, so there is never a stale lock to
 * clean up); the text inside only tells the second console who holds it.
 *
 * <p>H2's own file lock would also refuse a second process, but with error 90020 and no
 * word on who holds it; this one is taken first so the operator gets a useful message.
 */
final class ProfileLock implements AutoCloseable {

    static final String FILE_NAME = "console.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ProfileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static ProfileLock acquire(Path profile) throws ProfileInUseException, IOException {
        Path file = profile.resolve(FILE_NAME);
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            lock = null; // this JVM already holds it: a second console in the same process
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new ProfileInUseException(profile, holder);
        }
        writeHolder(channel);
        return new ProfileLock(channel, lock);
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        int read = channel.read(buffer, 0);
        if (read <= 0) {
            return "";
        }
        return new String(buffer.array(), 0, read, StandardCharsets.UTF_8)
                .strip()
                .replace('\n', ' ');
    }

    private static void writeHolder(FileChannel channel) throws IOException {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String text = "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        // The file stays: deleting it after unlocking would race a console that just locked it.
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
