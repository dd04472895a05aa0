package dev.berth.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.model.AtomicFiles;
import dev.berth.model.BerthException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The results of ADDs, one file per attachment: {@code <dir>/<network>-<container id>-<ifname>}. Each
 * holds the network configuration the ADD ran with (a DEL uses the same one, even when the settings
 * have changed since), the namespace it ran in and the final result (the DEL's {@code prevResult}).
 * Files are written to a temporary name and moved into place, so a reader never sees half of one.
 */
public final class ResultCache {

    private static final Logger LOG = Logger.getLogger(ResultCache.class.getName());
    static final String KIND = "berthCniCacheV1";

    /**
     * One cached attachment.
     *
     * @param netns   the namespace path the ADD ran with
     * @param netnsId the identity ({@code device:inode}) of that namespace, or empty
     */
    public record Entry(String network, String containerId, String ifName, String netns, String netnsId,
                        NetworkConfigList config, CniResult result) {
    }

    private final Path dir;

    public ResultCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path file(String network, String containerId, String ifName) {
        return dir.resolve(CniNames.networkName(network) + "-" + CniNames.containerId(containerId) + "-"
                + CniNames.ifName(ifName));
    }

    public void write(Entry e) {
        ObjectNode o = NetworkConfigList.JSON.createObjectNode();
        o.put("kind", KIND);
        o.put("networkName", e.network());
        o.put("containerId", e.containerId());
        o.put("ifName", e.ifName());
        o.put("netns", e.netns());
        o.put("netnsId", e.netnsId());
        o.set("config", e.config().toJson());
        o.set("result", e.result().json());
        Path target = file(e.network(), e.containerId(), e.ifName());
        try {
            AtomicFiles.write(target, NetworkConfigList.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        } catch (IOException ex) {
            throw new BerthException.Internal("cannot write the CNI result cache " + target + ": " + ex.getMessage(), ex);
        }
    }

    /** The cached attachment, or empty when there is none (or the file is unreadable: it is logged). */
    public Optional<Entry> read(String network, String containerId, String ifName) {
        Path f = file(network, containerId, ifName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warning(() -> "cannot read CNI result cache " + f + ": " + e.getMessage());
            return Optional.empty();
        }
        try {
            ObjectNode o = NetworkConfigList.object(bytes, f.toString());
            if (!KIND.equals(o.path("kind").asText())) {
                throw new IllegalArgumentException("it is not a " + KIND + " record");
            }
            NetworkConfigList config = NetworkConfigList.of((ObjectNode) o.get("config"), f + " (cached config)");
            JsonNode result = o.get("result");
            if (result == null || !result.isObject()) {
                throw new IllegalArgumentException("it has no result");
            }
            return Optional.of(new Entry(o.path("networkName").asText(), o.path("containerId").asText(),
                    o.path("ifName").asText(), o.path("netns").asText(), o.path("netnsId").asText(), config,
                    CniResult.parse((ObjectNode) result)));
        } catch (RuntimeException e) {
            LOG.warning(() -> "ignoring unusable CNI result cache " + f + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    public boolean exists(String network, String containerId, String ifName) {
        return Files.exists(file(network, containerId, ifName));
    }

    public void delete(String network, String containerId, String ifName) {
        Path f = file(network, containerId, ifName);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot delete the CNI result cache " + f + ": " + e.getMessage(), e);
        }
    }

    /** Every attachment cached for {@code containerId}, whatever the network and interface. */
    public List<Entry> entries(String containerId) {
        CniNames.containerId(containerId);
        List<Entry> out = new ArrayList<>();
        String marker = "-" + containerId + "-";
        for (Path f : files()) {
            String name = f.getFileName().toString();
            int at = name.lastIndexOf(marker);
            if (name.startsWith(".") || at <= 0) {
                continue;
            }
            String network = name.substring(0, at);
            String ifName = name.substring(at + marker.length());
            try {
                read(network, containerId, ifName).filter(e -> e.containerId().equals(containerId)
                        && e.network().equals(network) && e.ifName().equals(ifName)).ifPresent(out::add);
            } catch (BerthException e) {
                // a name that is not ours
            }
        }
        return out;
    }

    /** Every cache file (for checks that nothing is left behind). */
    public List<Path> files() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        } catch (IOException e) {
            throw new BerthException.Internal("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
