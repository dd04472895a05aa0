package dev.berth.service;

import containerd.services.images.v1.Image;
import dev.berth.containerd.Protos;
import dev.berth.model.BerthException;
import dev.berth.model.ImageInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

final class DefaultImageService implements ImageService {

    private final ServiceContext sc;

    DefaultImageService(ServiceContext sc) {
        this.sc = sc;
    }

    ImageInfo info(Image image) {
        return new ImageInfo(image.getName(), image.getTarget().getMediaType(), image.getTarget().getDigest(),
                -1, null, Protos.instant(image.getCreatedAt()), Protos.instant(image.getUpdatedAt()), image.getLabelsMap());
    }

    @Override
    public List<ImageInfo> list() {
        return sc.images().list().stream().map(this::info).sorted(Comparator.comparing(ImageInfo::name))
                .collect(Collectors.toList());
    }

    @Override
    public ImageInfo get(String reference) {
        try {
            return info(sc.images().get(reference));
        } catch (BerthException.NotFound e) {
            throw new BerthException.NotFound("image " + reference + " not found", e);
        }
    }
}
