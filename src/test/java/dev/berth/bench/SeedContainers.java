package dev.berth.bench;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import containerd.services.containers.v1.Container;
import dev.berth.containerd.ApiContext;
import dev.berth.containerd.ContainerdConnection;
import dev.berth.containerd.ContainersApi;
import dev.berth.spec.RuntimeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * For scripts/bench/console: makes sure a namespace holds exactly N container records, each with a
 * full default runtime spec (as Berth or ctr would store, ~3 KB) and labels, but no snapshot and no
 * task — the console lists records, so that is what a large namespace costs it.
 *
 * <p>{@code java -cp … dev.berth.bench.SeedContainers SOCKET NAMESPACE N}
 */
public final class SeedContainers {

    private SeedContainers() {
    }

    public static void main(String[] args) throws Exception {
        String socket = args[0];
        String namespace = args[1];
        int n = Integer.parseInt(args[2]);
        try (ContainerdConnection conn = ContainerdConnection.open(socket, Duration.ofSeconds(60))) {
            ContainersApi api = new ContainersApi(new ApiContext(conn, namespace, null));
            List<Container> have = api.list();
            if (have.size() == n) {
                System.out.printf("seed: %s already holds %d containers%n", namespace, n);
                return;
            }
            for (Container c : have) {
                api.delete(c.getId());
            }
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format("bench-%05d", i);
                int k = i;
                done.add(pool.submit(() -> api.create(record(namespace, id, k))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            System.out.printf("seed: created %d containers in %s in %.1f s%n", n, namespace, (System.nanoTime() - start) / 1e9);
        }
    }

    static Container record(String namespace, String id, int i) {
        byte[] spec = RuntimeSpec.defaults(namespace, id).toJson();
        return Container.newBuilder()
                .setId(id)
                .setImage("registry.example/team/service-" + (i % 40) + ":1." + (i % 7))
                .setRuntime(Container.Runtime.newBuilder().setName("io.containerd.runc.v2"))
                .setSpec(Any.newBuilder().setTypeUrl(RuntimeSpec.TYPE_URL).setValue(ByteString.copyFrom(spec)))
                .putLabels("bench", "console")
                .putLabels("app", "service-" + (i % 40))
                .build();
    }
}
