package dev.majordomo.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PostgresCluster} against fake {@code initdb} and {@code pg_ctl} scripts: no server. */
class PostgresClusterTest {
  private static Path fakeBinaries(String pgCtlBody) throws IOException {
    Path bin =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "fake-pg-")
            .toAbsolutePath();
    // as root, the scripts run as the postgres user
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = bin.resolve("pg_ctl.log");
    Files.writeString(log, "");
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
    script(bin.resolve("initdb"), "mkdir -p \"$2\"\n");
    script(bin.resolve("pg_ctl"), "echo \"${@: -1}\" >> '" + log + "'\n" + pgCtlBody);
    return bin;
  }

  private static void script(Path path, String body) throws IOException {
    Files.writeString(path, "#!/bin/bash\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void aFailedStartIsFollowedByAnImmediateStopBeforeTheRetryAndBeforeTheFolderIsDeleted()
      throws Exception {
    // every start fails (as one that timed out with the server up); a stop finds no server
    Path bin =
        fakeBinaries(
            "case \"${@: -1}\" in\n"
                + "  start) echo 'could not start server'; exit 1;;\n"
                + "  stop) echo 'no server running'; exit 1;;\n"
                + "esac\n");
    Path parent = bin.resolve("clusters");

    assertThatThrownBy(() -> PostgresCluster.start(bin, parent))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PostgreSQL did not start")
        .hasMessageContaining("could not start server");

    assertThat(Files.readAllLines(bin.resolve("pg_ctl.log")))
        .isEqualTo(List.of("start", "stop", "start", "stop", "start", "stop"));
    try (var left = Files.list(parent)) {
      assertThat(left).isEmpty();
    }
  }
}
