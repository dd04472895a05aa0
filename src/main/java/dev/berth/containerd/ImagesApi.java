package dev.berth.containerd;

import containerd.services.images.v1.CreateImageRequest;
import containerd.services.images.v1.DeleteImageRequest;
import containerd.services.images.v1.GetImageRequest;
import containerd.services.images.v1.Image;
import containerd.services.images.v1.ImagesGrpc;
import containerd.services.images.v1.ListImagesRequest;
import containerd.services.images.v1.UpdateImageRequest;
import java.util.List;

/** The Images service (image records only; content is in {@link ContentApi}). */
public final class ImagesApi {

    private final ApiContext ctx;

    public ImagesApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private ImagesGrpc.ImagesBlockingStub stub() {
        return ctx.deadline(ImagesGrpc.newBlockingStub(ctx.channel()));
    }

    public List<Image> list(String... filters) {
        return ctx.call("list images", () -> stub().list(ListImagesRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .getImagesList());
    }

    public Image get(String name) {
        return ctx.call("get image " + name, () -> stub().get(GetImageRequest.newBuilder().setName(name).build()).getImage());
    }

    public Image create(Image image) {
        return ctx.call("create image " + image.getName(),
                () -> stub().create(CreateImageRequest.newBuilder().setImage(image).build()).getImage());
    }

    /** Replaces the whole record (no update mask), as containerd's client does after ALREADY_EXISTS. */
    public Image update(Image image) {
        return ctx.call("update image " + image.getName(),
                () -> stub().update(UpdateImageRequest.newBuilder().setImage(image).build()).getImage());
    }

    public void delete(String name, boolean sync) {
        ctx.run("delete image " + name, () -> stub().delete(DeleteImageRequest.newBuilder().setName(name).setSync(sync).build()));
    }
}
