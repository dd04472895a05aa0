package dev.berth.service;

import containerd.services.containers.v1.Container;
import containerd.v1.types.Process;
import containerd.v1.types.Status;
import dev.berth.cni.Cni;
import dev.berth.cni.CniNetwork;
import dev.berth.cni.CniResult;
import dev.berth.cni.CniSettings;
import dev.berth.cni.NetnsPins;
import dev.berth.cni.Privileges;
import dev.berth.cni.ResultCache;
import dev.berth.model.BerthException;
import dev.berth.model.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Networks for containers through {@link Cni}. A container is known to CNI as
 * {@code <namespace>--<id>}: containerd's ids are unique per namespace only, and "--" never occurs in
 * an identifier, so the name cannot collide (host-local releases addresses by this id). Its network
 * namespace is pinned (a bind mount under {@code <dataDir>/cni/netns}) from setup to remove, so that
 * a remove after the task has ended still undoes everything; results are cached in
 * {@code <dataDir>/cni/results}.
 */
final class DefaultNetworkService implements NetworkService {

    private static final Logger LOG = Logger.getLogger(DefaultNetworkService.class.getName());
    /** Setup and remove of one container never overlap (the CNI spec asks the runtime for that). */
    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    private final ServiceContext sc;
    private final CniSettings settings;

    DefaultNetworkService(ServiceContext sc) {
        this(sc, sc.options().cni());
    }

    DefaultNetworkService(ServiceContext sc, CniSettings settings) {
        this.sc = sc;
        this.settings = settings;
    }

    @Override
    public NetworkService withSettings(CniSettings s) {
        if (s == null) {
            throw new BerthException.InvalidArgument("CNI settings must be given");
        }
        return new DefaultNetworkService(sc, s);
    }

    Path cniDir() {
        return sc.options().dataDir().toAbsolutePath().resolve("cni");
    }

    Cni cni() {
        return new Cni(settings, cniDir().resolve("results"));
    }

    NetnsPins pins() {
        return new NetnsPins(cniDir().resolve("netns"));
    }

    /** The id CNI knows the container by. */
    String cniId(String id) {
        return sc.api().namespace() + "--" + id;
    }

    private static Object lock(String cniId) {
        return LOCKS[Math.floorMod(cniId.hashCode(), LOCKS.length)];
    }

    // ---------------------------------------------------------------------------------------------
    // setup

    @Override
    public String setup(String containerId) {
        String id = Validation.containerId(containerId);
        Cni cni = cni();
        CniNetwork lo = Cni.loopback();
        CniNetwork net = cni.main(); // a bad network config fails here, before anything runs
        Container c = record(id).orElseThrow(() -> new BerthException.NotFound("container " + id + " not found"));
        Process task = runningTask(id);
        Path source = NetnsPins.ofPid(task.getPid());
        String identity = NetnsPins.identity(source);
        if (identity.isEmpty()) {
            throw new BerthException.FailedPrecondition("the network namespace of container " + id + " (" + source
                    + ") does not exist; is its task still running?");
        }
        Privileges.requireNetworkAdmin();
        String cid = cniId(id);
        NetnsPins pins = pins();
        synchronized (lock(cid)) {
            Optional<ResultCache.Entry> current = cni.cached(net.name(), cid, net.ifName());
            if (current.isPresent() && current.get().netnsId().equals(identity) && pins.isPinned(cid)
                    && NetnsPins.identity(pins.path(cid)).equals(identity)) {
                String ip = ipOf(current.get().result(), net.name());
                labels(c, ip, net.name());
                LOG.fine(() -> "container " + id + " is attached to " + net.name() + " already: " + ip);
                return ip;
            }
            // what an earlier task of this container left (its namespace is not this one)
            teardown(id, cni, labelNetwork(c), net, Optional.empty());
            Path netns;
            try {
                netns = pins.pin(source, cid);
            } catch (BerthException e) {
                LOG.warning(() -> "cannot pin the network namespace of " + id + " (" + e.getMessage()
                        + "); its masquerade rules may stay behind if the task ends before the network is removed");
                netns = source;
            }
            Cni.Attachment loAt = new Cni.Attachment(cid, netns.toString(), identity, lo.ifName());
            Cni.Attachment netAt = new Cni.Attachment(cid, netns.toString(), identity, net.ifName());
            try {
                cni.add(lo, loAt);
                CniResult r;
                try {
                    r = cni.add(net, netAt);
                } catch (BerthException e) {
                    if (!stale(e)) {
                        throw e;
                    }
                    // the failed ADD has run DEL already, which releases the stale allocation
                    LOG.info(() -> "network setup of " + id + " met a stale attachment (" + e.getMessage()
                            + "); removed it, trying once more");
                    r = cni.add(net, netAt);
                }
                String ip = ipOf(r, net.name());
                labels(c, ip, net.name());
                return ip;
            } catch (RuntimeException e) {
                // clean up even when the thread was interrupted (the plugins would be cancelled at once)
                boolean interrupted = Thread.interrupted();
                try {
                    teardown(id, cni, labelNetwork(c), net, Optional.of(netns));
                } catch (RuntimeException t) {
                    e.addSuppressed(t);
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                throw e;
            }
        }
    }

    /** The errors memoh retries on: host-local still holds an address, a veth is left, the bridge MAC. */
    static boolean stale(BerthException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("duplicate allocation") || m.contains("already exists")
                || (m.contains("set bridge") && m.contains("mac"));
    }

    private static String ipOf(CniResult r, String network) {
        return r.containerIp().orElseThrow(() -> new BerthException.Internal("network " + network
                + " gave the container no IP address"));
    }

    private Process runningTask(String id) {
        Process p;
        try {
            p = sc.tasks().get(id);
        } catch (BerthException.NotFound e) {
            throw new BerthException.FailedPrecondition("container " + id + " has no task; start it first", e);
        }
        if ((p.getStatus() != Status.RUNNING && p.getStatus() != Status.PAUSED) || p.getPid() <= 0) {
            throw new BerthException.FailedPrecondition("the task of container " + id + " is "
                    + p.getStatus().name().toLowerCase(Locale.ROOT) + "; a network needs a running task");
        }
        return p;
    }

    // ---------------------------------------------------------------------------------------------
    // remove

    @Override
    public void remove(String containerId) {
        String id = Validation.containerId(containerId);
        String cid = cniId(id);
        Cni cni = cni();
        synchronized (lock(cid)) {
            Optional<Container> c = record(id);
            String labelled = c.map(DefaultNetworkService::labelNetwork).orElse(null);
            CniNetwork net;
            try {
                net = cni.main();
            } catch (BerthException e) {
                LOG.warning(() -> "removing the network of " + id + " without the current network config: " + e.getMessage());
                net = null;
            }
            teardown(id, cni, labelled, net, Optional.empty());
            c.ifPresent(rec -> clearLabels(rec));
        }
    }

    /**
     * DEL of every attachment cached for the container (its networks, then loopback), then the pin goes.
     * When nothing is cached but the container's label names the configured network, the cache was
     * lost: DEL runs with the configured network, so host-local releases the address.
     * {@code knownNetns}: the namespace of a setup in progress.
     */
    private void teardown(String id, Cni cni, String labelled, CniNetwork configured, Optional<Path> knownNetns) {
        String cid = cniId(id);
        NetnsPins pins = pins();
        List<ResultCache.Entry> entries = cni.cache().entries(cid);
        boolean pinned = pins.isPinned(cid);
        boolean orphanLabel = labelled != null && configured != null && configured.name().equals(labelled)
                && entries.stream().noneMatch(e -> e.network().equals(labelled));
        if (entries.isEmpty() && !pinned && !orphanLabel) {
            return;
        }
        Privileges.requireNetworkAdmin();
        String netns = knownNetns.map(Path::toString).orElseGet(() -> netnsForDelete(id, cid, entries, pins));
        String netnsId = netns.isEmpty() ? "" : NetnsPins.identity(Path.of(netns));
        List<ResultCache.Entry> order = new ArrayList<>();
        entries.stream().filter(e -> !e.network().equals(Cni.LOOPBACK_NETWORK)).forEach(order::add);
        entries.stream().filter(e -> e.network().equals(Cni.LOOPBACK_NETWORK)).forEach(order::add);
        if (orphanLabel) {
            LOG.info(() -> "container " + id + " is labelled with network " + labelled
                    + " but nothing is cached; removing it with the configured network");
            cni.remove(labelled, configured.config(), new Cni.Attachment(cid, netns, netnsId, configured.ifName()));
        }
        for (ResultCache.Entry e : order) {
            cni.remove(e.network(), null, new Cni.Attachment(cid, netns, netnsId, e.ifName()));
        }
        pins.unpin(cid);
    }

    /**
     * The namespace a DEL can use: the pin; else the task's own namespace when it is still the one the
     * setup ran in; else none (the plugins then release what they can without it).
     */
    private String netnsForDelete(String id, String cid, List<ResultCache.Entry> entries, NetnsPins pins) {
        if (pins.isPinned(cid)) {
            return pins.path(cid).toString();
        }
        Optional<String> setupId = entries.stream().map(ResultCache.Entry::netnsId).filter(s -> !s.isEmpty()).findFirst();
        if (setupId.isEmpty()) {
            return "";
        }
        try {
            Process p = sc.tasks().get(id);
            if (p.getPid() > 0 && p.getStatus() != Status.STOPPED) {
                Path own = NetnsPins.ofPid(p.getPid());
                if (NetnsPins.identity(own).equals(setupId.get())) {
                    return own.toString();
                }
            }
        } catch (BerthException.NotFound e) {
            // no task: no namespace
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------------
    // labels

    @Override
    public Optional<String> ip(String containerId) {
        String id = Validation.containerId(containerId);
        Container c = record(id).orElseThrow(() -> new BerthException.NotFound("container " + id + " not found"));
        return Optional.ofNullable(c.getLabelsMap().get(Labels.IP));
    }

    private Optional<Container> record(String id) {
        try {
            return Optional.of(sc.containers().get(id));
        } catch (BerthException.NotFound e) {
            return Optional.empty();
        }
    }

    private static String labelNetwork(Container c) {
        return c.getLabelsMap().get(Labels.NETWORK);
    }

    private void labels(Container c, String ip, String network) {
        if (ip.equals(c.getLabelsMap().get(Labels.IP)) && network.equals(c.getLabelsMap().get(Labels.NETWORK))) {
            return;
        }
        sc.containers().update(c.toBuilder().putLabels(Labels.IP, ip).putLabels(Labels.NETWORK, network).build(),
                "labels." + Labels.IP, "labels." + Labels.NETWORK);
    }

    private void clearLabels(Container c) {
        if (!c.getLabelsMap().containsKey(Labels.IP) && !c.getLabelsMap().containsKey(Labels.NETWORK)) {
            return;
        }
        try {
            sc.containers().update(c.toBuilder().removeLabels(Labels.IP).removeLabels(Labels.NETWORK).build(),
                    "labels." + Labels.IP, "labels." + Labels.NETWORK);
        } catch (BerthException.NotFound e) {
            // deleted meanwhile
        }
    }
}
