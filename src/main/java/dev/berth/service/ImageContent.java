package dev.berth.service;

import dev.berth.containerd.ContentApi;
import dev.berth.model.BerthException;
import dev.berth.model.ImageInfo;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.PlatformMatcher;
import java.util.List;

/** Reads an image's config for this machine's platform from containerd's content store. */
final class ImageContent {

    static final long MAX_MANIFEST_BYTES = 4L << 20;
    static final long MAX_CONFIG_BYTES = 8L << 20;
    private static final int MAX_DEPTH = 4;

    private ImageContent() {
    }

    static ImageConfig config(ContentApi content, ImageInfo image) {
        Descriptor target = new Descriptor(image.mediaType(), image.digest(), -1);
        return config(content, image.name(), target, 0);
    }

    private static ImageConfig config(ContentApi content, String name, Descriptor d, int depth) {
        if (depth > MAX_DEPTH) {
            throw new BerthException.FailedPrecondition("image " + name + ": indexes nest too deeply");
        }
        byte[] bytes = read(content, name, d.digest(), MAX_MANIFEST_BYTES);
        String type = ImageManifest.detectMediaType(bytes, d.mediaType(), d.digest());
        if (MediaTypes.isIndex(type)) {
            ImageIndex index = ImageIndex.parse(bytes, d.withMediaType(type));
            PlatformMatcher matcher = PlatformMatcher.current();
            List<Descriptor> candidates = matcher.filter(index.manifests());
            for (Descriptor m : candidates) {
                if (content.info(m.digest()).isPresent()) {
                    return config(content, name, m, depth + 1);
                }
            }
            throw new BerthException.FailedPrecondition("image " + name + " has no manifest for "
                    + matcher.requested() + " in containerd's content store; pull it for this platform");
        }
        if (!MediaTypes.isManifest(type)) {
            throw new BerthException.FailedPrecondition("image " + name + ": " + type + " is not a manifest Berth can run");
        }
        ImageManifest manifest = ImageManifest.parse(bytes, d.withMediaType(type));
        String config = manifest.config().digest();
        return ImageConfig.parse(read(content, name, config, MAX_CONFIG_BYTES), config);
    }

    private static byte[] read(ContentApi content, String name, String digest, long limit) {
        try {
            return content.readAll(digest, limit);
        } catch (BerthException.NotFound e) {
            throw new BerthException.FailedPrecondition("image " + name + " is incomplete: " + digest
                    + " is not in containerd's content store; pull it again", e);
        }
    }
}
