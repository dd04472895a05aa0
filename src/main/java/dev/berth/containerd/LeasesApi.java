package dev.berth.containerd;

import containerd.services.leases.v1.CreateRequest;
import containerd.services.leases.v1.DeleteRequest;
import containerd.services.leases.v1.Lease;
import containerd.services.leases.v1.LeasesGrpc;
import containerd.services.leases.v1.ListRequest;
import dev.berth.model.Labels;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The Leases service: what keeps objects alive while a multi-step operation is under way. */
public final class LeasesApi {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Label Berth puts on its own leases, so leftovers can be told apart and counted. */
    public static final String OWNER_LABEL = "dev.berth/lease";

    private final ApiContext ctx;

    public LeasesApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    private LeasesGrpc.LeasesBlockingStub stub() {
        return ctx.deadline(LeasesGrpc.newBlockingStub(ctx.channel()));
    }

    /** An id as containerd's client makes them: nanoseconds-of-second, dash, 3 random bytes base64url. */
    static String newId() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return Instant.now().getNano() + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Creates a lease that containerd expires by itself after {@code expiry} (so it cannot outlive a
     * Berth that died), labelled with what it is for.
     */
    public String create(String purpose, Duration expiry) {
        return createWithId(newId(), purpose, expiry);
    }

    /** As {@link #create}, with a chosen id. @throws dev.berth.model.BerthException.AlreadyExists if it exists */
    public String createWithId(String id, String purpose, Duration expiry) {
        Map<String, String> labels = Map.of(
                Labels.GC_EXPIRE, DateTimeFormatter.ISO_INSTANT.format(Instant.now().plus(expiry).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
                OWNER_LABEL, purpose);
        return ctx.call("create lease", () -> stub().create(CreateRequest.newBuilder().setId(id).putAllLabels(labels).build())
                .getLease().getId());
    }

    public void delete(String id, boolean sync) {
        ctx.run("delete lease " + id, () -> ctx.deadline(LeasesGrpc.newBlockingStub(ctx.channel()), Duration.ofMinutes(2))
                .delete(DeleteRequest.newBuilder().setId(id).setSync(sync).build()));
    }

    public List<Lease> list(String... filters) {
        return ctx.call("list leases", () -> stub().list(ListRequest.newBuilder().addAllFilters(List.of(filters)).build())
                .getLeasesList());
    }
}
