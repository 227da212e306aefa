package ctgraph;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.commandline.admin.security.PasswordCommand;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.internal.kernel.api.connectioninfo.ClientConnectionInfo;
import org.neo4j.internal.kernel.api.security.AuthenticationResult;
import org.neo4j.internal.kernel.api.security.LoginContext;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.api.security.AuthManager;
import org.neo4j.kernel.api.security.AuthToken;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;
import org.neo4j.string.UTF8;

/**
 * A local Neo4j Community server for ctgraph's tests and benchmarks: the embedded database with
 * its Bolt connector on 127.0.0.1, authentication on, HTTP off, memory bounded for a small machine.
 *
 * <pre>
 * java -Xmx512m -cp CLASSPATH ctgraph.LocalNeo4j --data DIR [--port N] [--password PW]
 *      [--tx-timeout 60s] [--pagecache 256m] [--tx-memory 256m] [--watch-stdin]
 * </pre>
 *
 * Prints exactly one line on stdout once Bolt accepts connections with the password set:
 * {@code ctgraph-neo4j ready bolt://127.0.0.1:PORT}. Neo4j's own logs go to DIR/logs. SIGTERM or
 * SIGINT (or, with --watch-stdin, the end of stdin) shuts the database down cleanly and exits 0.
 * Errors are one line on stderr and exit 2 (bad arguments), 3 (port taken), 4 (data folder not
 * usable) or 1 (anything else). The password may come from the environment (NEO4J_PASSWORD)
 * rather than the command line, where ps would show it.
 */
public final class LocalNeo4j {
    private static final String HOST = "127.0.0.1";
    private static final String USER = "neo4j";

    private static final Object LOCK = new Object();
    private static DatabaseManagementService service;
    private static boolean stopped;

    private LocalNeo4j() {}

    /** An error that ends the launcher with one line on stderr. */
    static final class Fail extends RuntimeException {
        final int code;

        Fail(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    public static void main(String[] args) {
        // Nothing but the ready line may reach stdout: whatever a library prints goes to stderr.
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            run(args, out);
        } catch (Fail f) {
            System.err.println("ctgraph-neo4j: " + f.getMessage());
            stop();
            System.exit(f.code);
        } catch (Throwable t) {
            System.err.println("ctgraph-neo4j: " + describe(t));
            stop();
            System.exit(1);
        }
    }

    private static void run(String[] args, PrintStream out) throws Exception {
        Path data = null;
        int port = 0;
        String password = System.getenv("NEO4J_PASSWORD");
        Duration txTimeout = Duration.ofSeconds(60);
        long pagecache = 256L << 20;
        long txMemory = 256L << 20;
        boolean watchStdin = false;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                v = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            if (!a.startsWith("--")) {
                if (data != null) {
                    throw new Fail(2, "unexpected argument " + a);
                }
                data = Path.of(a);
                continue;
            }
            if (a.equals("--watch-stdin")) {
                watchStdin = true;
                continue;
            }
            if (a.equals("--help") || a.equals("-h")) {
                out.println("usage: ctgraph.LocalNeo4j --data DIR [--port N] [--password PW]"
                        + " [--tx-timeout 60s] [--pagecache 256m] [--tx-memory 256m] [--watch-stdin]");
                out.flush();
                System.exit(0);
            }
            if (v == null) {
                if (i + 1 >= args.length) {
                    throw new Fail(2, a + " needs a value");
                }
                v = args[++i];
            }
            switch (a) {
                case "--data" -> data = Path.of(v);
                case "--port" -> port = parsePort(v);
                case "--password" -> password = v;
                case "--tx-timeout" -> txTimeout = parseDuration(a, v);
                case "--pagecache" -> pagecache = parseBytes(a, v);
                case "--tx-memory" -> txMemory = parseBytes(a, v);
                default -> throw new Fail(2, "unknown option " + a);
            }
        }
        if (data == null) {
            throw new Fail(2, "no data folder: give --data DIR");
        }
        if (password == null || password.isEmpty()) {
            throw new Fail(2, "no password: give --password PW or set NEO4J_PASSWORD");
        }
        data = data.toAbsolutePath().normalize();
        checkWritable(data);
        if (port != 0) {
            checkPortFree(port);
        }

        Map<org.neo4j.graphdb.config.Setting<?>, Object> config = new java.util.HashMap<>();
        config.put(BoltConnector.enabled, true);
        config.put(BoltConnector.listen_address, new SocketAddress(HOST, port));
        config.put(BoltConnector.advertised_address, new SocketAddress(HOST, port));
        config.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        config.put(HttpConnector.enabled, false);
        config.put(HttpsConnector.enabled, false);
        config.put(GraphDatabaseSettings.auth_enabled, true);
        // Test passwords may be short; Neo4j's default minimum is 8.
        config.put(GraphDatabaseSettings.auth_minimum_password_length, 1);
        config.put(GraphDatabaseSettings.pagecache_memory, pagecache);
        // dbms.memory.transaction.total.max, db.memory.transaction.total.max, db.memory.transaction.max
        config.put(GraphDatabaseSettings.memory_transaction_global_max_size, txMemory);
        config.put(GraphDatabaseSettings.memory_transaction_database_max_size, txMemory);
        config.put(GraphDatabaseSettings.memory_transaction_max_size, txMemory);
        config.put(GraphDatabaseSettings.transaction_timeout, txTimeout);
        config.put(GraphDatabaseSettings.pagecache_warmup_enabled, false);
        config.put(GraphDatabaseSettings.logs_directory, data.resolve("logs"));
        config.put(GraphDatabaseSettings.udc_enabled, false);
        config.put(GraphDatabaseInternalSettings.udc_network_enabled, false);
        // Netty waits a 5 s quiet period per event loop group on shutdown (10 s in all): a stop
        // should take about a second. Open transactions still get db.shutdown_transaction_end_timeout.
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);
        config.put(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5));

        // A stop asked for during the start is honoured as soon as the start is done.
        CountDownLatch done = new CountDownLatch(1);
        installSignal("TERM", done);
        installSignal("INT", done);
        if (watchStdin) {
            // The parent holds our stdin open: its end (even a SIGKILL) shuts the server down.
            Thread w = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // discard
                    }
                } catch (IOException e) {
                    // closed
                }
                done.countDown();
            }, "ctgraph-neo4j-stdin");
            w.setDaemon(true);
            w.start();
        }

        long t0 = System.nanoTime();
        writeInitialPassword(data, password);
        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(data).setConfig(config).build();
        } catch (Throwable t) {
            throw classify(t, port, data);
        }
        synchronized (LOCK) {
            service = dbms;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(LocalNeo4j::stop, "ctgraph-neo4j-shutdown"));

        long t1 = System.nanoTime();
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        setPassword(system, password);
        long t2 = System.nanoTime();
        GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!neo4j.isAvailable(Duration.ofSeconds(60).toMillis())) {
            throw new Fail(1, "database neo4j did not become available");
        }
        HostnamePort bound = ((GraphDatabaseAPI) system).getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        if (bound == null) {
            throw new Fail(1, "Bolt connector did not start");
        }

        System.err.printf(Locale.ROOT, "ctgraph-neo4j: database up in %.1f s, password set in %.1f s%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        out.println("ctgraph-neo4j ready bolt://" + HOST + ":" + bound.getPort());
        out.flush();

        done.await();
        stop();
        System.exit(0);
    }

    /**
     * Before the first start of a data folder: the initial password of user neo4j, as
     * {@code neo4j-admin dbms set-initial-password} writes it (DIR/data/dbms/auth.ini). Neo4j reads
     * it when it creates the system database, which saves a Cypher ALTER USER (seconds of cold
     * query compilation) on the way to the ready line.
     */
    private static void writeInitialPassword(Path home, String password) {
        if (Files.exists(home.resolve("data").resolve("databases").resolve("system"))) {
            return;
        }
        Config cfg = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        Path file = CommunitySecurityModule.getInitialUserRepositoryFile(cfg);
        try (var fs = new DefaultFileSystemAbstraction()) {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            var repo = new FileUserRepository(fs, file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            repo.start();
            var credential = new PasswordCommand() {}.createCredentialForPassword(UTF8.encode(password));
            repo.create(new User(USER, null, credential, false, false));
            repo.shutdown();
        } catch (Exception e) {
            // Not fatal: the password is then set with ALTER USER once the database is up.
            System.err.println("ctgraph-neo4j: could not write the initial password file: " + describe(e));
        }
    }

    /** Whether user neo4j logs in with this password (without counting as a failed Bolt login). */
    private static AuthenticationResult tryLogin(GraphDatabaseService system, String password) {
        try {
            AuthManager auth = ((GraphDatabaseAPI) system).getDependencyResolver().resolveDependency(AuthManager.class);
            LoginContext login = auth.login(AuthToken.newBasicAuthToken(USER, password), ClientConnectionInfo.EMBEDDED_CONNECTION);
            return login.subject().getAuthenticationResult();
        } catch (Exception e) {
            return AuthenticationResult.FAILURE;
        }
    }

    /** Makes sure user neo4j has this password and no pending change. */
    private static void setPassword(GraphDatabaseService system, String password) {
        if (tryLogin(system, password) == AuthenticationResult.SUCCESS) {
            return;
        }
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            String m = String.valueOf(describe(e)).toLowerCase(Locale.ROOT);
            // ALTER USER refuses the password the user already has; then only the flag was pending.
            if (!m.contains("old password and new password cannot be the same")) {
                throw new Fail(1, "could not set the password of user neo4j: " + describe(e));
            }
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    @SuppressWarnings("restriction")
    private static void installSignal(String name, CountDownLatch done) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> done.countDown());
        } catch (IllegalArgumentException e) {
            // The signal is not available here (or the JVM reserved it): the shutdown hook covers it.
        }
    }

    private static void stop() {
        synchronized (LOCK) {
            if (service == null || stopped) {
                return;
            }
            stopped = true;
            try {
                service.shutdown();
            } catch (Throwable t) {
                System.err.println("ctgraph-neo4j: shutdown failed: " + describe(t));
            }
        }
    }

    private static void checkWritable(Path data) {
        try {
            Files.createDirectories(data);
        } catch (IOException | SecurityException e) {
            throw new Fail(4, "data folder " + data + " cannot be created: " + describe(e));
        }
        if (!Files.isDirectory(data)) {
            throw new Fail(4, "data folder " + data + " is not a folder");
        }
        try {
            Path probe = Files.createTempFile(data, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new Fail(4, "data folder " + data + " is not writable: " + describe(e));
        }
    }

    private static void checkPortFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw portTaken(port);
        }
    }

    private static Fail portTaken(int port) {
        return new Fail(3, "port " + port + " on " + HOST + " is taken (Bolt cannot listen there)");
    }

    private static Fail classify(Throwable t, int port, Path data) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof BindException || m.contains("address already in use")
                    || c.getClass().getSimpleName().equals("PortBindException")) {
                return portTaken(port);
            }
            if (c.getClass().getSimpleName().equals("FileLockException") || m.contains("lock file has been locked")) {
                return new Fail(4, "data folder " + data + " is in use by another Neo4j process");
            }
            if (c instanceof java.nio.file.AccessDeniedException || m.contains("permission denied")
                    || m.contains("read-only file system")) {
                return new Fail(4, "data folder " + data + " is not writable: " + describe(c));
            }
        }
        return new Fail(1, "Neo4j did not start: " + describe(t));
    }

    /** The innermost useful message of an exception chain, on one line. */
    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && (last == null || !last.contains(m))) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(m.strip());
                last = m;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        if (sb.length() == 0) {
            sb.append(t.getClass().getName());
        }
        return sb.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    private static int parsePort(String v) {
        try {
            int p = Integer.parseInt(v.strip());
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new Fail(2, "--port must be 0..65535, not " + v);
        }
    }

    static Duration parseDuration(String flag, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new Fail(2, flag + " must look like 500ms, 60s, 5m or 1h, not " + v);
        }
    }

    static long parseBytes(String flag, String v) {
        String s = v.strip().toLowerCase(Locale.ROOT);
        long mult = 1;
        if (s.endsWith("k")) {
            mult = 1L << 10;
        } else if (s.endsWith("m")) {
            mult = 1L << 20;
        } else if (s.endsWith("g")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(s), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Fail(2, flag + " must look like 256m or 1g, not " + v);
        }
    }
}
