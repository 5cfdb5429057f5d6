/*
 * A Curator 5 process the interop tests drive over stdin/stdout: one command per line in,
 * one or more result lines out. Each command runs on its own thread (so a blocked acquire
 * does not stop the next command), and every output line starts with the command's tag,
 * the first word of the line, so that the test can wait for the answer to one command.
 *
 *   <tag> connect <connectString> <sessionTimeoutMs>
 *   <tag> lock <path> <timeoutMs>              -> <tag> LOCKED <node> | <tag> TIMEOUT
 *   <tag> unlock                               -> <tag> UNLOCKED (the last lock taken)
 *   <tag> mutexloop <lock> <counter> <n>       -> <tag> DONE
 *   <tag> latch <path> <id>                    -> <tag> STARTED, later <tag> LEADER / NOTLEADER
 *   <tag> latchleader                          -> <tag> LEADERID <id>
 *   <tag> latchclose                           -> <tag> CLOSED
 *   <tag> sem <path> <max> <timeoutMs>         -> <tag> LEASE <node> | <tag> NOLEASE
 *   <tag> semrelease                           -> <tag> RELEASED
 *   <tag> register <base> <name> <id> <port> <payloadJson>  -> <tag> REGISTERED <json>
 *   <tag> query <base> <name>                  -> <tag> INSTANCES <json array>
 *   <tag> atomicadd <path> <times>             -> <tag> DONE <value>
 *   <tag> sharedcount <path> <seed> <add>      -> <tag> COUNT <value after>
 *   <tag> readlock <path> <timeoutMs>          -> <tag> LOCKED <node> | <tag> TIMEOUT
 *   <tag> writelock <path> <timeoutMs>         -> <tag> LOCKED <node> | <tag> TIMEOUT
 *   <tag> rwunlock                             -> <tag> UNLOCKED
 *   <tag> queueput <path> <lockPath> <item>    -> <tag> PUT
 *   <tag> queuetake <path> <lockPath> <n>      -> <tag> ITEM <text> (n times)
 *   <tag> member <path> <id> <payload>         -> <tag> JOINED
 *   <tag> members                              -> <tag> MEMBERS <id=payload,...>
 *   <tag> barrierwait <path> <timeoutMs>       -> <tag> PASSED | <tag> BLOCKED
 *   <tag> doublebarrier <path> <qty>           -> <tag> ENTERED, then <tag> LEFT
 *   <tag> exit
 */
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.framework.recipes.nodes.GroupMember;
import org.apache.curator.framework.recipes.queue.DistributedQueue;
import org.apache.curator.framework.recipes.queue.QueueBuilder;
import org.apache.curator.framework.recipes.queue.QueueConsumer;
import org.apache.curator.framework.recipes.queue.QueueSerializer;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;

public class CuratorAgent {
    private static CuratorFramework client;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The thread holding the current lock takes the `unlock` command's tag from here. */
    private static volatile java.util.concurrent.SynchronousQueue<String> unlockRequests;
    private static LeaderLatch latch;
    private static Lease lease;
    private static GroupMember member;
    private static ServiceDiscovery<Object> discovery;

    static synchronized void say(String tag, String text) {
        System.out.println(tag + " " + text);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            final String[] w = line.trim().split(" ", -1);
            if (w.length < 2) continue;
            if (w[1].equals("exit")) break;
            Thread t = new Thread(() -> {
                try {
                    run(w);
                } catch (Throwable e) {
                    say(w[0], "ERROR " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
                }
            });
            t.setDaemon(true);
            t.start();
        }
        if (discovery != null) discovery.close();
        if (client != null) client.close();
        System.exit(0);
    }

    static String rest(String[] w, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < w.length; i++) {
            if (i > from) b.append(' ');
            b.append(w[i]);
        }
        return b.toString();
    }

    static void run(String[] w) throws Exception {
        String tag = w[0];
        switch (w[1]) {
            case "connect": {
                client = CuratorFrameworkFactory.builder()
                    .connectString(w[2])
                    .sessionTimeoutMs(Integer.parseInt(w[3]))
                    .connectionTimeoutMs(15000)
                    .retryPolicy(new ExponentialBackoffRetry(100, 10))
                    .build();
                client.getConnectionStateListenable().addListener((c, s) -> say("state", s.toString()));
                client.start();
                if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("not connected");
                say(tag, "CONNECTED " + Long.toHexString(client.getZookeeperClient().getZooKeeper().getSessionId()));
                break;
            }
            case "lock": {
                // Curator's locks belong to the thread that acquired them: this thread holds
                // the lock until `unlock` tells it to release.
                InterProcessMutex m = new InterProcessMutex(client, w[2]);
                if (m.acquire(Long.parseLong(w[3]), TimeUnit.MILLISECONDS)) {
                    java.util.concurrent.SynchronousQueue<String> release = new java.util.concurrent.SynchronousQueue<>();
                    unlockRequests = release;
                    say(tag, "LOCKED " + m.getParticipantNodes().iterator().next());
                    String unlockTag = release.take();
                    m.release();
                    say(unlockTag, "UNLOCKED");
                } else {
                    say(tag, "TIMEOUT");
                }
                break;
            }
            case "unlock":
            case "rwunlock":
                unlockRequests.put(tag);
                break;
            case "mutexloop": {
                // Read-modify-write of a plain counter node under the lock: lost updates would
                // show that the lock did not exclude.
                InterProcessMutex m = new InterProcessMutex(client, w[2]);
                int n = Integer.parseInt(w[4]);
                for (int i = 0; i < n; i++) {
                    m.acquire();
                    try {
                        byte[] b = client.getData().forPath(w[3]);
                        int v = Integer.parseInt(new String(b, StandardCharsets.UTF_8));
                        Thread.sleep(2);
                        client.setData().forPath(w[3], Integer.toString(v + 1).getBytes(StandardCharsets.UTF_8));
                    } finally {
                        m.release();
                    }
                }
                say(tag, "DONE");
                break;
            }
            case "latch": {
                latch = new LeaderLatch(client, w[2], w[3]);
                latch.addListener(new LeaderLatchListener() {
                    public void isLeader() { say(tag, "LEADER"); }
                    public void notLeader() { say(tag, "NOTLEADER"); }
                });
                latch.start();
                say(tag, "STARTED");
                break;
            }
            case "latchleader":
                say(tag, "LEADERID " + latch.getLeader().getId() + " " + latch.getParticipants().size());
                break;
            case "latchclose":
                latch.close();
                latch = null;
                say(tag, "CLOSED");
                break;
            case "sem": {
                InterProcessSemaphoreV2 s = new InterProcessSemaphoreV2(client, w[2], Integer.parseInt(w[3]));
                Lease l = s.acquire(Long.parseLong(w[4]), TimeUnit.MILLISECONDS);
                if (l == null) {
                    say(tag, "NOLEASE");
                } else {
                    lease = l;
                    say(tag, "LEASE " + l.getNodeName());
                }
                break;
            }
            case "semrelease":
                lease.close();
                lease = null;
                say(tag, "RELEASED");
                break;
            case "register": {
                ensureDiscovery(w[2]);
                Object payload = JSON.readValue(rest(w, 6), Object.class);
                ServiceInstance<Object> inst = ServiceInstance.builder()
                    .name(w[3]).id(w[4]).port(Integer.parseInt(w[5])).payload(payload).build();
                discovery.registerService(inst);
                byte[] stored = client.getData().forPath(w[2] + "/" + w[3] + "/" + w[4]);
                say(tag, "REGISTERED " + new String(stored, StandardCharsets.UTF_8));
                break;
            }
            case "query": {
                ensureDiscovery(w[2]);
                Collection<ServiceInstance<Object>> all = discovery.queryForInstances(w[3]);
                List<Map<String, Object>> out = new ArrayList<>();
                for (ServiceInstance<Object> i : all) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", i.getId());
                    m.put("name", i.getName());
                    m.put("address", i.getAddress());
                    m.put("port", i.getPort());
                    m.put("payload", i.getPayload());
                    m.put("enabled", i.isEnabled());
                    m.put("serviceType", i.getServiceType().toString());
                    m.put("uri", i.buildUriSpec());
                    out.add(m);
                }
                say(tag, "INSTANCES " + JSON.writeValueAsString(out));
                break;
            }
            case "atomicadd": {
                DistributedAtomicLong c = new DistributedAtomicLong(client, w[2], new ExponentialBackoffRetry(10, 29));
                int times = Integer.parseInt(w[3]);
                long last = 0;
                for (int i = 0; i < times; i++) {
                    AtomicValue<Long> v;
                    do {
                        v = c.increment();
                    } while (!v.succeeded());
                    last = v.postValue();
                }
                say(tag, "DONE " + c.get().postValue());
                break;
            }
            case "sharedcount": {
                SharedCount sc = new SharedCount(client, w[2], Integer.parseInt(w[3]));
                sc.start();
                int add = Integer.parseInt(w[4]);
                for (;;) {
                    VersionedValue<Integer> v = sc.getVersionedValue();
                    if (sc.trySetCount(v, v.getValue() + add)) break;
                }
                say(tag, "COUNT " + sc.getCount());
                sc.close();
                break;
            }
            case "readlock":
            case "writelock": {
                InterProcessReadWriteLock rw = new InterProcessReadWriteLock(client, w[2]);
                InterProcessMutex m = w[1].equals("readlock") ? rw.readLock() : rw.writeLock();
                if (m.acquire(Long.parseLong(w[3]), TimeUnit.MILLISECONDS)) {
                    java.util.concurrent.SynchronousQueue<String> release = new java.util.concurrent.SynchronousQueue<>();
                    unlockRequests = release;
                    say(tag, "LOCKED");
                    String unlockTag = release.take();
                    m.release();
                    say(unlockTag, "UNLOCKED");
                } else {
                    say(tag, "TIMEOUT");
                }
                break;
            }
            case "queueput": {
                DistributedQueue<String> q = QueueBuilder.builder(client, null, STRINGS, w[2]).lockPath(w[3]).buildQueue();
                q.start();
                q.put(rest(w, 4));
                q.close();
                say(tag, "PUT");
                break;
            }
            case "queuetake": {
                int n = Integer.parseInt(w[4]);
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
                QueueConsumer<String> consumer = new QueueConsumer<String>() {
                    public void consumeMessage(String message) {
                        say(tag, "ITEM " + message);
                        done.countDown();
                    }
                    public void stateChanged(CuratorFramework c, ConnectionState s) {}
                };
                DistributedQueue<String> q = QueueBuilder.builder(client, consumer, STRINGS, w[2]).lockPath(w[3]).buildQueue();
                q.start();
                done.await(30, TimeUnit.SECONDS);
                q.close();
                break;
            }
            case "member": {
                member = new GroupMember(client, w[2], w[3], rest(w, 4).getBytes(StandardCharsets.UTF_8));
                member.start();
                say(tag, "JOINED");
                break;
            }
            case "members": {
                Map<String, String> sorted = new TreeMap<>();
                for (Map.Entry<String, byte[]> e : member.getCurrentMembers().entrySet()) {
                    sorted.put(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8));
                }
                say(tag, "MEMBERS " + sorted);
                break;
            }
            case "barrierwait": {
                DistributedBarrier b = new DistributedBarrier(client, w[2]);
                say(tag, b.waitOnBarrier(Long.parseLong(w[3]), TimeUnit.MILLISECONDS) ? "PASSED" : "BLOCKED");
                break;
            }
            case "doublebarrier": {
                DistributedDoubleBarrier b = new DistributedDoubleBarrier(client, w[2], Integer.parseInt(w[3]));
                b.enter(30, TimeUnit.SECONDS);
                say(tag, "ENTERED");
                b.leave(30, TimeUnit.SECONDS);
                say(tag, "LEFT");
                break;
            }
            case "getlong": {
                byte[] b = client.getData().forPath(w[2]);
                say(tag, "LONG " + ByteBuffer.wrap(b).getLong());
                break;
            }
            default:
                say(tag, "ERROR unknown command " + w[1]);
        }
    }

    static synchronized void ensureDiscovery(String base) throws Exception {
        if (discovery == null) {
            discovery = ServiceDiscoveryBuilder.builder(Object.class).client(client).basePath(base).build();
            discovery.start();
        }
    }

    static final QueueSerializer<String> STRINGS = new QueueSerializer<String>() {
        public byte[] serialize(String item) { return item.getBytes(StandardCharsets.UTF_8); }
        public String deserialize(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }
    };
}
