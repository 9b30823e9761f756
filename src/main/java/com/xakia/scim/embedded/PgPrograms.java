package com.xakia.scim.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the bundled initdb, pg_ctl and postgres. PostgreSQL refuses to run as root; when the service is
 * root (a container's default, or CI), each program runs in a user namespace of its own ({@code unshare
 * -U}), where it holds no privileges at all, while its files stay the service user's.
 */
final class PgPrograms {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path home;
    private final boolean root;

    PgPrograms(Path home, Path ownFile) throws IOException {
        this.home = home;
        this.root = Integer.valueOf(0).equals(Files.getAttribute(ownFile, "unix:uid"));
        if (root && !onPath("unshare")) {
            throw new IllegalStateException("xakia-scim runs as root, and PostgreSQL will not: run it as an "
                    + "unprivileged user, or install util-linux (unshare) so the embedded server can drop root");
        }
    }

    Result run(Duration timeout, String program, List<String> arguments) throws IOException {
        return run(timeout, program, arguments, null);
    }

    /** Runs {@code program} with {@code input} (if any) on its standard input; never waits past {@code timeout}. */
    Result run(Duration timeout, String program, List<String> arguments, String input) throws IOException {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(home.resolve("bin").resolve(program).toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // a PGDATA, PGPORT or PGPASSWORD of the operator's shell must not steer the embedded server
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        builder.environment().put("LC_MESSAGES", "C");
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(program + " did not finish in " + timeout.toSeconds() + " s");
            }
            // pg_ctl start leaves the server holding no copy of this pipe (its output goes to the log file)
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS).trim());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(program + " was interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(process.exitValue(), "");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(java.io.File.pathSeparator)).stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}
