package dev.berth.service;

import dev.berth.model.ImageCheck;
import dev.berth.model.ImageInfo;
import dev.berth.model.PullProgress;
import dev.berth.model.PullRequest;
import java.util.List;
import java.util.function.Consumer;

public interface ImageService {

    List<ImageInfo> list();

    /**
     * The image for a reference as a person types it: {@code nginx} is
     * {@code docker.io/library/nginx:latest}; the normalized and the short stored names are both tried.
     *
     * @throws dev.berth.model.BerthException.NotFound when neither is there
     * @throws dev.berth.model.BerthException.InvalidArgument for a malformed reference
     */
    ImageInfo get(String reference);

    /**
     * Pulls an image into containerd and unpacks it: resolves at the registry, writes every blob into
     * the content store, unpacks layers into snapshots, records the image. Blocking; interrupting the
     * thread cancels it (the lease is released, no image record is left). Pulling again after an
     * interruption resumes each partial layer. {@code progress} is called at most ~10 times a second.
     */
    ImageInfo pull(PullRequest request, Consumer<PullProgress> progress);

    /** Deletes the image record; with {@code sync}, containerd collects the freed content before returning. */
    void delete(String reference, boolean sync);

    /**
     * Asks the registry which digest the reference points to now, without downloading layers (an
     * "update available" check): compare with the local record's digest.
     */
    ImageCheck check(String reference, boolean insecure);
}
