package org.underlay.bmc.sim.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.underlay.bmc.sim.redfish.Main;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The simulator as the rehearsal lab runs it: a separate process, password from the environment, HTTPS. */
class StandaloneSimulatorTest {

    private static final String PASSWORD = "standalone-test-only-Pw4";

    @TempDir
    Path dir;

    private static String location(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void runsAsAProcessAndAnswersRedfishtool() throws Exception {
        Path redfishtool = ExternalTool.requireRedfishtool();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path cert = dir.resolve("bmc.pem");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", location(Main.class) + File.pathSeparator
                + location(Gson.class), Main.class.getName(), "--systems", "3", "--user", "admin", "--password-env",
                "SIM_ADMIN_PASSWORD", "--tls", "--cert-out", cert.toString(), "--power-delay-ms", "100");
        pb.environment().put("SIM_ADMIN_PASSWORD", PASSWORD);
        pb.redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            assertNotNull(line, "the simulator process printed nothing");
            assertTrue(line.startsWith("listening https://127.0.0.1:"), line);
            assertFalse(line.contains(PASSWORD));
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            URI uri = URI.create(line.split(" ")[1]);
            assertTrue(Files.readString(cert).contains("BEGIN CERTIFICATE"));

            Path cfg = dir.resolve("rft.json");
            JsonObject c = new JsonObject();
            c.addProperty("user", "admin");
            c.addProperty("password", PASSWORD);
            Files.writeString(cfg, c.toString());
            ExternalTool.Result r = ExternalTool.run(List.of(redfishtool.toString(), "-r", "127.0.0.1:" + uri.getPort(),
                    "-c", cfg.toString(), "-S", "Always", "-A", "Session", "Systems"), Map.of(),
                    Duration.ofSeconds(60), PASSWORD);
            assertEquals(0, r.exitCode(), r.both());
            JsonObject systems = JsonParser.parseString(r.stdout().substring(r.stdout().indexOf('{')))
                    .getAsJsonObject();
            assertEquals(3, systems.get("Members@odata.count").getAsInt());
            System.out.println("standalone simulator listening after " + startMillis + " ms");
        } finally {
            p.destroy();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the simulator ends on SIGTERM");
        }
    }
}
