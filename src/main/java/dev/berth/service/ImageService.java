package dev.berth.service;

import dev.berth.model.ImageInfo;
import java.util.List;

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
}
