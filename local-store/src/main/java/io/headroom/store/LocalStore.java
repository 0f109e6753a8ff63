package io.headroom.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's embedded H2 database for one profile directory: fleet cache, history,
 * outbox and audit log. One console per profile; see {@link #open}.
 *
 * <p>Thread safe. Every feature takes a fresh {@link #connect() connection} per unit of work
 * (under a millisecond on an open embedded database) and closes it, so that after a write failure,
 * which makes H2 close the whole database, the next unit of work reopens it.
 */
public final class LocalStore implements AutoCloseable {

    /** H2 adds ".mv.db". */
    public static final String DATABASE_NAME = "headroom";

    private static final Logger log = LoggerFactory.getLogger(LocalStore.class);
    private static final Duration REOPEN_EVERY = Duration.ofSeconds(30);

    private final Path directory; // null for an in-memory store
    private final ProfileLock lock; // null for an in-memory store
    private final JdbcDataSource dataSource;
    private final Clock clock;
    private final UUID storeId;
    private Connection keeper; // keeps the database open between units of work
    private boolean broken;
    private Instant reopenAt = Instant.MIN;
    private volatile StoreHealth health;

    private LocalStore(
            Path directory,
            ProfileLock lock,
            JdbcDataSource dataSource,
            Connection keeper,
            Clock clock,
            StoreHealth health)
            throws SQLException {
        this.directory = directory;
        this.lock = lock;
        this.dataSource = dataSource;
        this.keeper = keeper;
        this.clock = clock;
        this.health = health;
        try (Statement s = keeper.createStatement();
                ResultSet rs = s.executeQuery("SELECT store_id FROM store_identity")) {
            rs.next();
            this.storeId = rs.getObject(1, UUID.class);
        }
    }

    /**
     * Opens (creating if needed) the store in {@code profile}, e.g.
     * {@code ~/.local/share/headroom/default}. A file that cannot be read is moved aside and a
     * fresh store created; the result says so.
     *
     * @throws ProfileInUseException     another console has this profile open
     * @throws StoreUnavailableException the directory or file cannot be used at all (no space,
     *                                   no permission); the console may carry on with {@link #inMemory}
     */
    public static StoreOpening open(Path profile) throws ProfileInUseException, StoreUnavailableException {
        return open(profile, Clock.systemUTC(), "file:");
    }

    /** @param fileSystem H2's file-system prefix: "file:" on disk; tests plug in a disk that fills up. */
    static StoreOpening open(Path profile, Clock clock, String fileSystem)
            throws ProfileInUseException, StoreUnavailableException {
        return lock(profile).open(clock, fileSystem);
    }

    /**
     * Takes the profile's lock and nothing else, so that a console can tell at once whether
     * another one holds the profile, and open the database itself ({@link LockedProfile#open()})
     * while its window opens.
     *
     * @throws ProfileInUseException     another console has this profile open
     * @throws StoreUnavailableException the profile directory cannot be used at all
     */
    public static LockedProfile lock(Path profile) throws ProfileInUseException, StoreUnavailableException {
        Path directory = profile.toAbsolutePath();
        try {
            Files.createDirectories(directory);
            return new LockedProfile(directory, ProfileLock.acquire(directory));
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot use the profile directory " + directory + ": " + e, e);
        }
    }

    /** A profile this process holds the lock of; its store is not open yet. */
    public static final class LockedProfile {
        private final Path directory;
        private final ProfileLock lock;

        private LockedProfile(Path directory, ProfileLock lock) {
            this.directory = directory;
            this.lock = lock;
        }

        /** Opens (creating if needed) the store; on failure the lock is given back. */
        public StoreOpening open() throws ProfileInUseException, StoreUnavailableException {
            return open(Clock.systemUTC(), "file:");
        }

        StoreOpening open(Clock clock, String fileSystem) throws ProfileInUseException, StoreUnavailableException {
            try {
                JdbcDataSource dataSource = dataSource("jdbc:h2:" + fileSystem + directory.resolve(DATABASE_NAME)
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0");
                Path file = databaseFile(directory);
                try {
                    Connection keeper = openAndMigrate(dataSource);
                    return new StoreOpening(
                            new LocalStore(directory, lock, dataSource, keeper, clock, StoreHealth.ok(clock.instant())),
                            Optional.empty(),
                            "");
                } catch (SQLException | FlywayException e) {
                    if (e instanceof SQLException sql && StoreFailures.isInUse(sql)) {
                        throw new ProfileInUseException(directory, "the database file is locked by another process");
                    }
                    if (!Files.exists(file)
                            || (e instanceof SQLException sql && !StoreFailures.isUnreadableFile(sql))) {
                        throw new StoreUnavailableException(
                                "cannot open the local store " + file + ": " + StoreFailures.summary(e), e);
                    }
                    String why = StoreFailures.summary(e);
                    Path aside = UnreadableStoreFile.moveAside(file, clock);
                    log.warn(
                            "The local store {} could not be read ({}); moved it aside to {} and starting a new one",
                            file,
                            why,
                            aside);
                    Connection keeper = openAndMigrate(dataSource);
                    return new StoreOpening(
                            new LocalStore(directory, lock, dataSource, keeper, clock, StoreHealth.ok(clock.instant())),
                            Optional.of(aside),
                            why);
                }
            } catch (SQLException | IOException | FlywayException e) {
                closeQuietly(lock);
                throw new StoreUnavailableException(
                        "cannot create a local store in " + directory + ": " + StoreFailures.summary(e), e);
            } catch (ProfileInUseException | StoreUnavailableException | RuntimeException e) {
                closeQuietly(lock);
                throw e;
            }
        }
    }

    /**
     * A store that lives only in this process, for when the profile's file cannot be used:
     * operations can still be queued and sent, but nothing survives a restart, and
     * {@link #health()} says so.
     */
    public static LocalStore inMemory(String why) {
        JdbcDataSource dataSource = dataSource("jdbc:h2:mem:headroom-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Clock clock = Clock.systemUTC();
        try {
            Connection keeper = openAndMigrate(dataSource);
            return new LocalStore(
                    null,
                    null,
                    dataSource,
                    keeper,
                    clock,
                    new StoreHealth(
                            StoreHealth.State.IN_MEMORY, StoreHealth.Problem.UNAVAILABLE, why, 0, clock.instant()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create an in-memory H2 database", e);
        }
    }

    private static JdbcDataSource dataSource(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        dataSource.setPassword("");
        return dataSource;
    }

    private static Connection openAndMigrate(JdbcDataSource dataSource) throws SQLException {
        Connection keeper = dataSource.getConnection();
        try {
            SchemaMigration.migrate(dataSource, keeper);
            return keeper;
        } catch (FlywayException | SQLException e) {
            keeper.close();
            throw e;
        }
    }

    static Path databaseFile(Path directory) {
        return directory.resolve(DATABASE_NAME + ".mv.db");
    }

    /** The profile directory; empty for an {@linkplain #inMemory in-memory} store. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Names this store's numbering of the fleet; a fresh store (even in the same directory) gets a new one. */
    public UUID storeId() {
        return storeId;
    }

    public Clock clock() {
        return clock;
    }

    /** How saving is going right now, for the status bar. */
    public StoreHealth health() {
        return health;
    }

    /**
     * A new connection, auto-commit on; the caller closes it. After a write failure that
     * closed the database this reopens it, at most every 30 seconds, and fails in between.
     */
    public Connection connect() throws SQLException {
        synchronized (this) {
            if (broken) {
                reopen();
            }
        }
        return dataSource.getConnection();
    }

    private void reopen() throws SQLException {
        Instant now = clock.instant();
        if (now.isBefore(reopenAt)) {
            throw new SQLException("the local store is unavailable (" + health.detail() + "); next try at " + reopenAt);
        }
        reopenAt = now.plus(REOPEN_EVERY);
        closeQuietly(keeper);
        keeper = dataSource.getConnection();
        broken = false;
        log.info("Reopened the local store after: {}", health.detail());
    }

    /**
     * A save did not reach the disk. The caller keeps running from memory; the health shows
     * the problem and counts skipped saves until one succeeds.
     */
    public void recordFailure(String doing, Exception e) {
        synchronized (this) {
            if (e instanceof SQLException sql && StoreFailures.closedTheDatabase(sql)) {
                broken = true;
            }
        }
        StoreHealth now = health;
        if (now.state() == StoreHealth.State.FAILING) {
            health = now.failedAgain();
            return;
        }
        boolean full = StoreFailures.isDiskFull(e);
        String where = directory == null ? "memory" : directory.toString();
        String detail = doing + " in " + where + " failed: " + StoreFailures.summary(e);
        if (now.state() == StoreHealth.State.IN_MEMORY) {
            log.warn("{}", detail, e);
            return;
        }
        health = new StoreHealth(
                StoreHealth.State.FAILING,
                full ? StoreHealth.Problem.DISK_FULL : StoreHealth.Problem.WRITE_FAILED,
                detail,
                1,
                clock.instant());
        log.error("Local store: {}; the console keeps running from memory", detail, e);
    }

    /** A save reached the disk: a failing store is healthy again. */
    public void recordSaved() {
        if (health.state() == StoreHealth.State.FAILING) {
            log.info("Local store writing again after {} skipped saves", health.skippedSaves());
            health = StoreHealth.ok(clock.instant());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (directory == null) {
                try (Statement s = keeper.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    log.debug("in-memory store already gone", e);
                }
            }
            closeQuietly(keeper);
        }
        if (lock != null) {
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing after a failure fails the same way; the failure itself was reported already.
            log.debug("closing {} failed", closeable, e);
        }
    }
}
