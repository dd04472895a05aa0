package dev.berth.service;

import containerd.services.images.v1.Image;
import dev.berth.containerd.ContentApi;
import dev.berth.containerd.Protos;
import dev.berth.model.BerthException;
import dev.berth.model.ImageCheck;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageIndex;
import dev.berth.oci.ImageManifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import dev.berth.oci.PlatformMatcher;
import dev.berth.model.PullMode;
import dev.berth.pull.PullModeChoice;
import dev.berth.pull.PullOptions;
import dev.berth.pull.PullResult;
import dev.berth.pull.Puller;
import dev.berth.pull.TransferPuller;
import dev.berth.registry.CredentialsProvider;
import dev.berth.registry.DockerConfigCredentials;
import dev.berth.registry.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

final class DefaultImageService implements ImageService {

    private static final System.Logger LOG = System.getLogger(DefaultImageService.class.getName());

    private final ServiceContext sc;

    DefaultImageService(ServiceContext sc) {
        this.sc = sc;
    }

    /** An image with its size for this machine's platform (-1 when its content is not in the store). */
    ImageInfo info(Image image) {
        Descriptor target = new Descriptor(image.getTarget().getMediaType(), image.getTarget().getDigest(),
                image.getTarget().getSize());
        long size = -1;
        String platform = null;
        try {
            ContentApi content = sc.content();
            long limit = RegistryOptions.DEFAULT_MAX_MANIFEST_SIZE;
            Descriptor manifest = target;
            long sum = 0;
            if (MediaTypes.isIndex(target.mediaType())) {
                ImageIndex index = ImageIndex.parse(content.readAll(target.digest(), limit), target);
                manifest = PlatformMatcher.current().best(index.manifests()).orElse(null);
                sum += target.size();
            }
            if (manifest != null) {
                ImageManifest m = ImageManifest.parse(content.readAll(manifest.digest(), limit), manifest);
                sum += manifest.size() + m.config().size();
                for (Descriptor l : m.layers()) {
                    sum += l.size();
                }
                size = sum;
                platform = manifest.platform() != null ? manifest.platform().toString() : Platform.current().toString();
            }
        } catch (BerthException e) {
            // content missing or unreadable: the record is still listed, without a size
        }
        return new ImageInfo(image.getName(), image.getTarget().getMediaType(), image.getTarget().getDigest(),
                size, platform, Protos.instant(image.getCreatedAt()), Protos.instant(image.getUpdatedAt()),
                image.getLabelsMap());
    }

    @Override
    public List<ImageInfo> list() {
        return sc.images().list().stream().map(this::info).sorted(Comparator.comparing(ImageInfo::name))
                .collect(Collectors.toList());
    }

    /** The names an image typed as {@code reference} may be stored under, most likely first. */
    static Set<String> candidates(String reference, ImageReference ref) {
        Set<String> names = new LinkedHashSet<>();
        names.add(ref.toString());
        names.add(ref.familiar());
        names.add(reference.trim());
        return names;
    }

    private Image find(String reference) {
        ImageReference ref = ImageReference.parse(reference);
        for (String name : candidates(reference, ref)) {
            try {
                return sc.images().get(name);
            } catch (BerthException.NotFound e) {
                // try the next form
            }
        }
        if (ref.digest() != null) {
            // repo@digest: any record of that repository whose target is that digest
            for (Image image : sc.images().list(dev.berth.containerd.Filters.equal("target.digest", ref.digest()))) {
                if (image.getName().startsWith(ref.name() + ":") || image.getName().startsWith(ref.name() + "@")) {
                    return image;
                }
            }
        }
        throw new BerthException.NotFound("image " + ref + " not found in namespace " + sc.api().namespace());
    }

    @Override
    public ImageInfo get(String reference) {
        return info(find(reference));
    }

    RegistryClient registry(boolean insecure, ImageReference ref) {
        return new RegistryClient(registryOptions(insecure, ref));
    }

    RegistryOptions registryOptions(boolean insecure, ImageReference ref) {
        Set<String> insecureHosts = new HashSet<>(sc.options().insecureRegistries());
        if (insecure) {
            insecureHosts.add(ref.domain());
        }
        CredentialsProvider credentials = sc.options().dockerConfig() != null
                ? new DockerConfigCredentials(sc.options().dockerConfig(),
                        DockerConfigCredentials.pathDirs(System.getenv("PATH")), DockerConfigCredentials.DEFAULT_HELPER_TIMEOUT)
                : DockerConfigCredentials.fromEnvironment();
        return RegistryOptions.defaults().withInsecureHosts(insecureHosts).withCredentials(credentials);
    }

    @Override
    public ImageInfo pull(PullRequest request, Consumer<PullProgress> progress) {
        ImageReference ref = ImageReference.parse(request.reference());
        Platform platform = request.platform() == null || request.platform().isBlank()
                ? Platform.current() : Platform.parse(request.platform());
        String snapshotter = new DefaultSnapshotService(sc).snapshotter(request.snapshotter());
        String key = sc.api().namespace() + "/" + ref;
        if (!sc.activePulls().add(key)) {
            throw new BerthException.FailedPrecondition(ref + " is already being pulled");
        }
        try {
            RegistryOptions registryOptions = registryOptions(request.insecure(), ref);
            PullModeChoice choice = PullModeChoice.choose(request.mode() != null ? request.mode() : sc.options().pullMode(),
                    sc.daemon(), registryOptions, ref, platform, snapshotter, sc.defaultSnapshotter());
            LOG.log(System.Logger.Level.DEBUG, "pull {0}: {1} ({2})", ref, choice.mode(), choice.reason());
            PullOptions options = new PullOptions(platform, snapshotter, sc.options().parallelDownloads(), true);
            PullResult result;
            if (choice.mode() == PullMode.TRANSFER) {
                result = new TransferPuller(sc.api(), sc.daemon(), registryOptions).pull(ref, options, progress);
            } else {
                try (RegistryClient registry = new RegistryClient(registryOptions)) {
                    result = new Puller(sc.api(), registry).pull(ref, options, progress);
                }
            }
            return info(sc.images().get(result.name()));
        } finally {
            sc.activePulls().remove(key);
        }
    }

    @Override
    public void delete(String reference, boolean sync) {
        Image image = find(reference);
        sc.images().delete(image.getName(), sync);
    }

    @Override
    public ImageCheck check(String reference, boolean insecure) {
        ImageReference ref = ImageReference.parse(reference);
        String local = null;
        try {
            local = find(reference).getTarget().getDigest();
        } catch (BerthException.NotFound e) {
            // not pulled yet: the check still tells the remote digest
        }
        try (RegistryClient registry = registry(insecure, ref)) {
            return new ImageCheck(ref.toString(), local, registry.resolve(ref).digest());
        }
    }
}
