#!/usr/bin/env python3
"""fetch's own benchmark: fetch against curl --parallel, wget2 and aria2c on loopback.

  python3 bench/bench.py [--fetch target/fetch] [--scenario seed,latency,small,large]
                         [--rounds 3] [--peers | --no-peers] [--out-base DIR]
                         [--java-home DIR ...] [--chart PATH | --chart none]

Prints a Markdown report on stdout (progress goes to stderr): one table per scenario
with every tool's median wall time, CPU time, peak RSS, what the server saw, whether
every run was verified (exit code 0, every expected file on disk with the right size,
a sample checked byte for byte), and each tool's ratio to the best peer; then a summary
of fetch / best peer against the project's targets. A complete run also draws every scenario's
wall times as an SVG bar chart (bench/chart.py; --chart, default bench/results.svg). Exit status: 0 when every fetch run
was verified, 1 when one was not, 2 on a usage or set-up error.

Servers: bench/server.py (threaded, keep-alive, latency to first byte) for seed, latency
and scaling; nginx on 127.0.0.1 for small, large and huge when installed (else
bench/server.py, said in the report; --server chooses); nginx over HTTPS (a CA made with
openssl for the run), behind bench/latproxy.py for a round trip, for the tls-* scenarios.
Standard library only, and matplotlib for the chart (apt-get install -y python3-matplotlib, or
pip install matplotlib; --chart none does without); nothing outside bench/ is used at run time.
Only ratios from one run are comparable.
"""
import argparse
import atexit
import collections
import datetime
import json
import math
import os
import platform
import select
import shlex
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__ in the work tree
from server import body_chunks  # noqa: E402  (bench/server.py: the deterministic bodies)

DATA_VERSION = "v1"  # bump when body_chunks() changes, so cached nginx files are rebuilt


class Scenario:
    """kind: "latency" (bench/server.py, latency_ms to first byte), "static" (nginx), "tls-h2" or
    "tls-h1" (nginx over HTTPS, latency_ms a round trip added by bench/latproxy.py)."""

    def __init__(self, name, kind, count, size, latency_ms, threads, desc, target=None):
        self.name, self.kind, self.count, self.size = name, kind, count, size
        self.latency_ms, self.threads, self.desc, self.target = latency_ms, threads, desc, target

    @property
    def tls(self):
        return self.kind.startswith("tls")

    @property
    def h2(self):
        return self.kind == "tls-h2"


# targets: fetch / best peer wall ratio, from PERF-NOTES (≤ 1.00 where latency or bandwidth
# decide, ≤ 1.50 for now where start-up and warm-up dominate)
SCENARIOS = {s.name: s for s in [
    Scenario("seed", "latency", 26, 30_000, 800, 16,
             "26 × 30 KB, 800 ms to first byte (the seed article's case)", 1.00),
    Scenario("latency", "latency", 200, 30_000, 100, 16, "200 × 30 KB, 100 ms to first byte", 1.00),
    Scenario("small", "static", 5_000, 20_000, 0, 16, "5 000 × 20 KB, static server", 1.50),
    Scenario("large", "static", 8, 64 << 20, 0, 8, "8 × 64 MB, static server", 1.00),
    Scenario("huge", "static", 100_000, 1_024, 0, 32, "100 000 × 1 KB, static server", 1.50),
    # HTTPS as users meet it: nginx with TLS, a CA made at bench time; no targets yet
    Scenario("tls-seed", "tls-h2", 26, 30_000, 50, 16, "26 × 30 KB, HTTPS, HTTP/2, 50 ms round trip"),
    Scenario("tls-h1", "tls-h1", 500, 20_000, 50, 16, "500 × 20 KB, HTTPS, HTTP/1.1, 50 ms round trip"),
    Scenario("tls-h2", "tls-h2", 500, 20_000, 50, 16, "500 × 20 KB, HTTPS, HTTP/2, 50 ms round trip"),
    Scenario("tls-cpu", "tls-h2", 2_000, 20_000, 0, 16, "2 000 × 20 KB, HTTPS, HTTP/2, no added delay"),
    Scenario("tls-large", "tls-h2", 8, 64 << 20, 0, 8, "8 × 64 MB, HTTPS, HTTP/2, no added delay"),
    Scenario("tls-one", "tls-h2", 1, 20_000, 0, 1, "one 20 KB file, HTTPS, HTTP/2, no added delay"),
]}
SCALING = Scenario("scaling", "latency", 26, 30_000, 800, 16,
                   "the seed case at -t 1 and at -t 16: does concurrency pay?", 12.0)
# million: fetch alone, once, with a 64 MB heap, on a list of 1 000 000 distinct URLs served from the
# huge scenario's files; not in `all` (it needs ~5 GB of RAM disk and times no peer)
MILLION = Scenario("million", "static", 1_000_000, 1_024, 0, 32,
                   "1 000 000 distinct URLs of 1 KB, fetch alone, once, FETCH_JAVA_OPTS=-Xmx64m: "
                   "memory flat in the list size")
MILLION_HEAP = "-Xmx64m"
MILLION_FILES = 100_000  # the huge scenario's files; URL i is /<dir>/<i % 100000 + 1>.jpg?r=<i>
ALL = list(SCENARIOS) + ["scaling"]
TLS = [n for n, s in SCENARIOS.items() if s.tls]
KNOWN = ALL + ["million"]
DEFAULT_SCENARIOS = "seed,latency,small,large"
PEERS = ["curl", "wget2", "aria2c"]
# wget2's default HTTP/2 window (30 requests per connection), shown beside the others but never
# the best peer: with it wget2 has more downloads in flight than -t
WGET2_W30 = "wget2-w30"
INSTALL_HINT = {"curl": "curl", "wget2": "wget2", "aria2c": "aria2", "nginx": "nginx",
                "openssl": "openssl", "keytool": "openjdk-17-jdk-headless"}
DEFAULT_CHART = os.path.join(HERE, "results.svg")
TRUST_PASSWORD = "fetch-bench"  # of the PKCS#12 trust store fetch gets when it has no --cacert

# ---------------------------------------------------------------------------------------
# process bookkeeping: everything we start is killed on exit, exceptions, Ctrl-C, SIGTERM

LIVE = {}  # pid -> (Popen, is_group_leader)
LIVE_LOCK = threading.Lock()


def spawn(cmd, **kw):
    p = subprocess.Popen(cmd, start_new_session=True, **kw)
    with LIVE_LOCK:
        LIVE[p.pid] = p
    return p


def forget(p):
    with LIVE_LOCK:
        LIVE.pop(p.pid, None)


def kill_group(p, sig=signal.SIGKILL):
    try:
        os.killpg(p.pid, sig)  # spawn() made p the leader of its own process group
    except (ProcessLookupError, PermissionError):
        pass


def stop(p, grace=5.0):
    """Terminates p (and its process group), waiting at most `grace` seconds before SIGKILL."""
    if p.returncode is None:
        kill_group(p, signal.SIGTERM)
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            kill_group(p, signal.SIGKILL)
            try:
                p.wait(grace)
            except subprocess.TimeoutExpired:
                pass
    kill_group(p, signal.SIGKILL)  # stragglers of the group (e.g. nginx workers)
    forget(p)


def cleanup():
    with LIVE_LOCK:
        procs = list(LIVE.values())
    for p in procs:
        stop(p, grace=3.0)


def _on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


class SetupError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# servers

def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_port(port, proc, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def http_get(url, headers=None, timeout=10.0, context=None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout, context=context) as r:
        return r.status, r.read()


class PyServer:
    """bench/server.py in a child process."""
    label = "bench/server.py (Python, threaded)"

    def __init__(self, latency_ms):
        self.proc = spawn([sys.executable, os.path.join(HERE, "server.py"), "--port", "0",
                           "--latency-ms", str(latency_ms)],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], 10.0)
        line = self.proc.stdout.readline() if ready else b""
        if not line.strip().isdigit():
            self.stop()
            raise SetupError("bench/server.py did not start")
        self.port = int(line)
        if latency_ms:
            self.label = f"bench/server.py (Python, threaded), {latency_ms:g} ms to first byte"

    def url(self, name, size):
        return f"http://127.0.0.1:{self.port}/b/{size}/{name}"

    def counters(self):
        _, body = http_get(f"http://127.0.0.1:{self.port}/__stats")
        return json.loads(body)

    def begin_run(self):
        http_get(f"http://127.0.0.1:{self.port}/__reset")

    def end_run(self):
        s = self.counters()
        return {"conns": s["connections"] - 1, "reqs": s["requests"], "peak": s["peak_in_flight"]}

    def stop(self):
        stop(self.proc)


class Nginx:
    """A private nginx on 127.0.0.1 with a generated config, serving a files dir."""
    label = "nginx (static files, 1 worker, sendfile, keep-alive)"

    def __init__(self, root, ca=None):
        """With a TestCa: also HTTPS with HTTP/2 on h2_port and HTTPS with HTTP/1.1 only on
        h1_port, each connection's requests logged to tls_log (the plain port keeps the status)."""
        self.dir = tempfile.mkdtemp(prefix="fetch-bench-nginx-")
        self.port = free_port()
        self.sub = ""
        d = self.dir
        user = "user root root;\n" if os.geteuid() == 0 else ""  # workers can read any files dir
        tls = ""
        if ca:
            self.h2_port, self.h1_port = free_port(), free_port()
            self.tls_log = os.path.join(d, "tls.log")
            site = (f"ssl_certificate {ca.server_cert}; ssl_certificate_key {ca.server_key}; "
                    f"root {root}; access_log {self.tls_log} conn;")
            tls = f"""  log_format conn '$connection $server_protocol $ssl_protocol $ssl_session_reused';
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_session_cache shared:bench:10m;
  server {{ listen 127.0.0.1:{self.h2_port} ssl http2; {site} }}
  server {{ listen 127.0.0.1:{self.h1_port} ssl; {site} }}
"""
            self.label = ("nginx over HTTPS (ECDSA P-256 certificate from a CA made for this run; "
                          "1 worker, keep-alive)")
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""{user}worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  types {{ image/jpeg jpg; }}
  client_body_temp_path {d};
  proxy_temp_path {d};
  fastcgi_temp_path {d};
  uwsgi_temp_path {d};
  scgi_temp_path {d};
  server {{
    listen 127.0.0.1:{self.port};
    root {root};
    location = /__nginx_status {{ stub_status; }}
  }}
{tls}}}
""")
        with open(os.path.join(d, "stderr.log"), "wb") as err:
            self.proc = spawn(["nginx", "-e", os.path.join(d, "error.log"), "-c", conf, "-p", d],
                              stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        if not wait_port(self.port, self.proc):
            msg = tail(os.path.join(d, "stderr.log")) + " " + tail(os.path.join(d, "error.log"))
            self.stop()
            raise SetupError(f"nginx did not start: {msg.strip()}")
        self._before = None

    def url(self, name, size):
        return f"http://127.0.0.1:{self.port}/{self.sub}/{name}"

    def counters(self):
        _, body = http_get(f"http://127.0.0.1:{self.port}/__nginx_status")
        nums = body.decode().splitlines()[2].split()  # " accepts handled requests"
        return {"accepts": int(nums[0]), "requests": int(nums[2])}

    def begin_run(self):
        self._before = self.counters()

    def end_run(self):
        after = self.counters()
        # each status request opens one connection and makes one request: take the after one out
        return {"conns": after["accepts"] - self._before["accepts"] - 1,
                "reqs": after["requests"] - self._before["requests"] - 1, "peak": None}

    def stop(self):
        stop(self.proc)
        shutil.rmtree(self.dir, ignore_errors=True)


def make_files(data_dir, count, size):
    """The files nginx serves, {i}.jpg with body_chunks(f"{i}.jpg", size), made once and
    reused (a stamp file marks a complete set)."""
    sub = f"{DATA_VERSION}/{count}x{size}"
    d = os.path.join(data_dir, sub)
    stamp = os.path.join(d, ".complete")
    if os.path.exists(stamp):
        return sub
    log(f"  generating {count} files of {size} bytes in {d} (once; reused by later runs)")
    os.makedirs(d, exist_ok=True)
    t0 = time.monotonic()
    for i in range(1, count + 1):
        with open(os.path.join(d, f"{i}.jpg"), "wb") as f:
            for piece in body_chunks(f"{i}.jpg", size):
                f.write(piece)
    open(stamp, "w").close()
    log(f"  generated in {time.monotonic() - t0:.1f} s")
    return sub


class TestCa:
    """A CA made for this run (openssl), a certificate for 127.0.0.1 and localhost signed by it,
    and the CA as a PKCS#12 trust store (keytool) for a fetch without --cacert. Valid 2 days."""

    def __init__(self):
        for exe in ("openssl", "keytool"):
            if not shutil.which(exe):
                raise SetupError(f"the tls scenarios need {exe} (apt-get install -y {INSTALL_HINT[exe]})")
        self.dir = tempfile.mkdtemp(prefix="fetch-bench-ca-")
        d = self.dir
        self.cert, self.server_cert, self.server_key = (os.path.join(d, n) for n in ("ca.pem", "srv.pem", "srv.key"))
        self.trust_store = os.path.join(d, "ca.p12")
        ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        ext = os.path.join(d, "srv.ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n")
        self._run(["openssl", "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                   "-subj", "/CN=fetch bench CA"])
        self._run(["openssl", "req", "-new", *ec, "-keyout", "srv.key", "-out", "srv.csr", "-subj", "/CN=localhost"])
        self._run(["openssl", "x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                   "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", "srv.pem"])
        self._run(["keytool", "-importcert", "-noprompt", "-alias", "fetch-bench-ca", "-file", "ca.pem",
                   "-keystore", self.trust_store, "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD])
        self.context = ssl.create_default_context(cafile=self.cert)

    def _run(self, cmd):
        r = subprocess.run(cmd, cwd=self.dir, capture_output=True, stdin=subprocess.DEVNULL)
        if r.returncode != 0:
            self.remove()
            raise SetupError(f"{shlex.join(cmd[:3])}… failed: {(r.stderr or r.stdout).decode(errors='replace').strip()[:300]}")

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class LatProxy:
    """bench/latproxy.py in front of a loopback port: one_way_ms each way, the connect one round trip."""

    def __init__(self, upstream_port, one_way_ms):
        self.proc = spawn([sys.executable, os.path.join(HERE, "latproxy.py"), "--port", "0",
                           "--upstream", f"127.0.0.1:{upstream_port}", "--delay-ms", f"{one_way_ms:g}"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], 15.0)
        line = self.proc.stdout.readline() if ready else b""
        if not line.strip().isdigit():
            self.stop()
            raise SetupError("bench/latproxy.py did not start")
        self.port = int(line)

    def stop(self):
        stop(self.proc)


class TlsServer:
    """nginx over HTTPS (its HTTP/2 or its HTTP/1.1-only port), behind latproxy.py when the
    scenario adds a round trip. Counts connections nginx accepted, and from its log the protocol
    and TLS version each connection that made requests used."""

    def __init__(self, root, sub, ca, h2, rtt_ms):
        self.nginx = Nginx(root, ca)
        self.sub, self.ca, self.rtt_ms = sub, ca, rtt_ms
        self.proxy = None
        port = self.nginx.h2_port if h2 else self.nginx.h1_port
        self.label = self.nginx.label + (", HTTP/2 port (ALPN h2, http/1.1)" if h2 else
                                         ", HTTP/1.1-only port (ALPN http/1.1)")
        try:
            if rtt_ms:
                self.proxy = LatProxy(port, rtt_ms / 2)
                port = self.proxy.port
                self.label += f", behind bench/latproxy.py: {rtt_ms:g} ms round trip"
        except BaseException:
            self.nginx.stop()
            raise
        self.port = port
        self._log_at = 0

    def url(self, name, size):
        return f"https://127.0.0.1:{self.port}/{self.sub}/{name}"

    def begin_run(self):
        self.nginx.begin_run()
        self._log_at = os.path.getsize(self.nginx.tls_log) if os.path.exists(self.nginx.tls_log) else 0

    def end_run(self):
        if self.proxy:
            time.sleep(3 * self.rtt_ms / 1000)  # connects still in the proxy reach nginx
        r = self.nginx.end_run()
        conns = {}  # connection serial -> (protocol, tls version, resumed)
        try:
            with open(self.nginx.tls_log) as f:
                f.seek(self._log_at)
                for line in f:
                    parts = line.split()
                    if len(parts) == 4:
                        conns.setdefault(parts[0], (parts[1], parts[2], parts[3] == "r"))
        except OSError:
            pass
        r["proto"] = describe_protocols(conns.values())
        if conns and len(conns) != r["conns"]:
            r["proto"] += f"; {len(conns)} of the connections made requests"
        return r

    def stop(self):
        if self.proxy:
            self.proxy.stop()
        self.nginx.stop()


def describe_protocols(conns):
    """'h2 TLSv1.3', or e.g. 'h1.1 ×3, h2 ×1 TLSv1.3, 2 resumed': what the connections that made
    requests spoke."""
    conns = list(conns)
    if not conns:
        return "—"
    short = {"HTTP/2.0": "h2", "HTTP/1.1": "h1.1", "HTTP/1.0": "h1.0"}
    protos = collections.Counter(short.get(p, p) for p, _, _ in conns)
    tlsv = sorted({t for _, t, _ in conns})
    text = protos.most_common(1)[0][0] if len(protos) == 1 else ", ".join(f"{p} ×{n}" for p, n in sorted(protos.items()))
    text += " " + "/".join(tlsv)
    resumed = sum(1 for _, _, rr in conns if rr)
    return text + (f", {resumed} resumed" if resumed else "")


# ---------------------------------------------------------------------------------------
# tools and runs

def tool_commands(fetch_cmd, peers, threads, listfile, curl_cfg, outdir, fetch_rows=(("fetch", None),),
                  sc=None, ca=None, fetch_cacert=False):
    """Each tool's command line, and the environment of the ones that need their own (None: ours).
    fetch_rows: (row name, environment) per JDK fetch runs on. Over TLS every tool trusts the test
    CA with its own option; fetch without --cacert gets it through the JVM's trust store."""
    t = str(threads)
    cmds, envs = {}, {}
    if fetch_cmd:
        for row, env in fetch_rows:
            trust = []
            if ca and fetch_cacert:
                trust = ["--cacert", ca.cert]
            elif ca:
                env = dict(env or os.environ)
                env["FETCH_JAVA_OPTS"] = (env.get("FETCH_JAVA_OPTS", "") + f" -Djavax.net.ssl.trustStore={ca.trust_store}"
                                          f" -Djavax.net.ssl.trustStorePassword={TRUST_PASSWORD}").strip()
            cmds[row] = fetch_cmd + trust + ["-q", "-f", listfile, "-t", t, "-o", outdir]
            envs[row] = env
    allp = {
        "curl": ["curl", "-s", "--parallel", "--parallel-max", t, "--create-dirs",
                 "--output-dir", outdir, "-K", curl_cfg],
        "wget2": ["wget2", "-q", "--no-robots", f"--max-threads={t}", "-P", outdir, "-i", listfile],
        "aria2c": ["aria2c", "-q", "-j", t, "-x", "1", "--auto-file-renaming=false",
                   "--allow-overwrite=true", "-d", outdir, "-i", listfile],
    }
    if ca:
        allp["curl"][1:1] = ["--cacert", ca.cert]
        allp["wget2"][1:1] = [f"--ca-certificate={ca.cert}"]
        allp["aria2c"][1:1] = [f"--ca-certificate={ca.cert}"]
    for k in peers:
        cmds[k] = allp[k]
        if k == "wget2" and sc is not None and sc.h2:
            # one request per HTTP/2 connection at a time: -t downloads in flight, as the others
            cmds[WGET2_W30] = list(allp[k])
            cmds[k] = allp[k][:1] + ["--http2-request-window=1"] + allp[k][1:]
    return cmds, envs


def fetch_has_option(fetch_cmd, env, option):
    try:
        r = subprocess.run(fetch_cmd + ["--help"], capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL, env=env)
        return option in r.stdout
    except (OSError, subprocess.TimeoutExpired):
        return False


def gnu_time():
    """/usr/bin/time when it is GNU time (package `time`), else None."""
    exe = "/usr/bin/time"
    if os.access(exe, os.X_OK) and "GNU" in version_of([exe, "--version"]):
        return exe
    return None


GNU_TIME = None  # set in main()


def run_once(cmd, outdir, timeout, logfile, env=None):
    """Runs cmd once into a fresh empty outdir. Returns wall s (our clock), CPU s and peak RSS MB
    (the largest resident set of any process of the tool's tree that was waited for).

    The figures come from GNU time around the tool when installed: the kernel's peak RSS of a
    child counts the memory of the process it was forked from until exec, so a tool forked
    straight from this Python process would never show less than Python's own ~25 MB; forked
    from GNU time it shows its own (time itself stays under 2 MB)."""
    if os.path.lexists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    timed_out = threading.Event()
    tfile = logfile + ".time"
    full = ([GNU_TIME, "-f", "%U %S %M", "-o", tfile] if GNU_TIME else []) + cmd
    with open(logfile, "wb") as out:
        t0 = time.monotonic()
        p = spawn(full, stdin=subprocess.DEVNULL, stdout=out, stderr=out, env=env)

        def on_timeout():
            timed_out.set()
            kill_group(p)
        timer = threading.Timer(timeout, on_timeout)
        timer.daemon = True
        timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.monotonic() - t0
        except BaseException:
            kill_group(p)
            p.wait(5)
            forget(p)
            raise
        finally:
            timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    kill_group(p)  # anything it left behind in its group
    forget(p)
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0
    if GNU_TIME:
        cpu, rss = float("nan"), float("nan")
        try:
            with open(tfile) as f:
                u, s_, m = f.read().strip().splitlines()[-1].split()
            cpu, rss = float(u) + float(s_), int(m) / 1024.0
        except (OSError, ValueError, IndexError):
            pass
    return {"wall": wall, "cpu": cpu, "rss": rss, "exit": p.returncode, "timed_out": timed_out.is_set()}


def add_run_problems(problems, r, timed_out, logfile):
    """What went wrong with a tool's run itself, in front of what its files showed."""
    if r["timed_out"]:
        problems.insert(0, timed_out)
    if r["exit"] < 0:
        problems.insert(0, f"killed by signal {-r['exit']}")
    elif r["exit"] != 0:
        problems.insert(0, f"exit {r['exit']}")
    if problems and tail(logfile):
        problems.append("output: " + tail(logfile))


def same_content(path, name, size):
    with open(path, "rb") as f:
        for piece in body_chunks(name, size):
            if f.read(len(piece)) != piece:
                return False
        return f.read(1) == b""


def verify(outdir, names, size, samples=8):
    """Every expected file present with the right size, nothing else left over (no .part,
    no control files), and a spread sample compared byte for byte. Returns (files, problems)."""
    problems = []
    found = {}
    extra = []
    with os.scandir(outdir) as it:
        for e in it:
            if e.is_dir(follow_symlinks=False):
                for root, _dirs, files in os.walk(e.path):
                    extra += [os.path.relpath(os.path.join(root, fn), outdir) for fn in files] or [e.name + "/"]
            else:
                found[e.name] = e.stat(follow_symlinks=False).st_size
    expected = set(names)
    missing = [n for n in names if n not in found]
    extra += sorted(n for n in found if n not in expected)
    wrong = [n for n in names if n in found and found[n] != size]
    if missing:
        problems.append(f"{len(missing)} missing (e.g. {missing[0]})")
    if wrong:
        problems.append(f"{len(wrong)} wrong size (e.g. {wrong[0]}: {found[wrong[0]]} B, want {size})")
    if extra:
        problems.append(f"{len(extra)} unexpected (e.g. {extra[0]})")
    if not missing and not wrong:
        step = max(1, len(names) // samples)
        pick = sorted(set(names[::step][:samples] + [names[-1]]))
        bad = [n for n in pick if not same_content(os.path.join(outdir, n), n, size)]
        if bad:
            problems.append(f"{len(bad)}/{len(pick)} sampled files differ from the served bytes (e.g. {bad[0]})")
    return len(found) + len(extra), problems


def million_body_name(i):
    """The served file behind entry i of the million list (its bytes are body_chunks(this, size))."""
    return f"{i % MILLION_FILES + 1}.jpg"


def verify_million(outdir, count, size, samples=16):
    """The million run's output, checked without holding a million names: exactly the files
    f0.jpg .. f<count-1>.jpg (a bitmap of the ones seen), nothing else (no .part, no dirs), every
    size right (one stat each), and `samples` spread files compared byte for byte.
    Returns (entries on disk, problems, files compared byte for byte)."""
    seen = bytearray(count)
    entries = extra = wrong = 0
    extra_eg = wrong_eg = None
    with os.scandir(outdir) as it:
        for e in it:
            entries += 1
            name, i = e.name, -1
            if name.startswith("f") and name.endswith(".jpg") and not e.is_dir(follow_symlinks=False):
                mid = name[1:-4]
                if mid.isascii() and mid.isdigit() and (mid == "0" or mid[0] != "0") and int(mid) < count:
                    i = int(mid)
            if i < 0:
                extra += 1
                extra_eg = extra_eg or name
                continue
            seen[i] = 1
            st = e.stat(follow_symlinks=False)
            if st.st_size != size:
                wrong += 1
                wrong_eg = wrong_eg or f"{name}: {st.st_size} B"
    problems = []
    missing = count - seen.count(1)
    if missing:
        problems.append(f"{missing} missing (e.g. f{seen.index(0)}.jpg)")
    if wrong:
        problems.append(f"{wrong} wrong size (e.g. {wrong_eg}, want {size})")
    if extra:
        problems.append(f"{extra} unexpected (e.g. {extra_eg})")
    pick = sorted({k * (count - 1) // max(1, samples - 1) for k in range(samples)})
    pick = [i for i in pick if seen[i]]
    bad = [i for i in pick if not same_content(os.path.join(outdir, f"f{i}.jpg"), million_body_name(i), size)]
    if bad:
        problems.append(f"{len(bad)}/{len(pick)} sampled files differ from the served bytes (e.g. f{bad[0]}.jpg)")
    return entries, problems, len(pick)


def tail(path, n=400):
    try:
        with open(path, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - n))
            return f.read().decode(errors="replace").strip().replace("\n", " ⏎ ")
    except OSError:
        return ""


class Bench:
    def __init__(self, args, fetch_cmd, peers, out_base, fetch_rows=(("fetch", None),)):
        self.a = args
        self.fetch_cmd = fetch_cmd
        self.fetch_rows = list(fetch_rows) if fetch_cmd else []
        self.ca = None  # made by the first tls scenario
        self.fetch_cacert = None  # whether fetch --help lists --cacert, asked once
        self.peers = peers
        self.out_base = out_base
        self.records = []
        self.fetch_failed = False

    def measure(self, sc, tag, cmds, envs, server, names, outdir, logdir, rnd):
        """One timed, verified run of each tool (order alternates with the round)."""
        order = list(cmds) if rnd % 2 == 0 else list(reversed(list(cmds)))
        res = {}
        for k in order:
            logfile = os.path.join(logdir, f"{k}.log")
            server.begin_run()
            r = run_once(cmds[k], outdir, self.a.timeout, logfile, env=envs.get(k))
            r.update(server.end_run())
            nfiles, problems = verify(outdir, names, sc.size)
            add_run_problems(problems, r, f"timed out after {self.a.timeout:g} s", logfile)
            r.update({"scenario": sc.name, "leg": tag.strip(), "tool": k, "round": rnd, "files": nfiles,
                      "ok": not problems, "problems": problems})
            shutil.rmtree(outdir, ignore_errors=True)
            res[k] = r
            if rnd >= 0:
                self.records.append(r)
                if k == "fetch" and problems:
                    self.fetch_failed = True
            where = "warm-up" if rnd < 0 else f"round {rnd + 1}/{self.a.rounds}"
            log(f"  {sc.name}{tag} {where} {k:11s} {r['wall']:7.3f} s  {r['rss']:6.0f} MB  "
                + ("ok" if not problems else "FAILED: " + "; ".join(problems)))
        return res

    def setup(self, sc, work):
        """Starts the scenario's server and writes the URL list and curl config."""
        notes = []
        context = None
        if sc.kind == "latency":
            server = PyServer(sc.latency_ms)
        elif sc.tls:
            if not shutil.which("nginx"):
                raise SetupError("the tls scenarios need nginx (apt-get install -y nginx)")
            if self.ca is None:
                self.ca = TestCa()
            context = self.ca.context
            sub = make_files(self.a.data_dir, sc.count, sc.size)
            server = TlsServer(self.a.data_dir, sub, self.ca, sc.h2, sc.latency_ms)
            if self.fetch_cmd and self.fetch_cacert is None:
                self.fetch_cacert = fetch_has_option(self.fetch_cmd, self.fetch_rows[0][1], "--cacert")
            notes.append("Every tool trusts the run's CA with its own option (curl `--cacert`, wget2 and aria2c "
                         "`--ca-certificate=`); fetch " + (
                             "`--cacert`." if self.fetch_cacert else
                             "through `FETCH_JAVA_OPTS=-Djavax.net.ssl.trustStore=<PKCS#12 of the CA>` "
                             "(this fetch has no `--cacert`)."))
            if sc.h2 and WGET2_W30 in self.tool_rows():
                notes.append("wget2 runs with `--http2-request-window=1`, so that it has `-t` downloads in "
                             f"flight as the others; `{WGET2_W30}` is wget2 with its default window "
                             "(30 requests per HTTP/2 connection), shown but never the best peer.")
        else:
            want = self.a.server
            if want == "auto":
                want = "nginx" if shutil.which("nginx") else "python"
                if want == "python":
                    notes.append("nginx is not installed (apt-get install -y nginx): the static "
                                 "scenario is served by bench/server.py instead, which is slower "
                                 "than nginx and may be what limits every tool")
            if want == "nginx":
                if not shutil.which("nginx"):
                    raise SetupError("--server nginx, but nginx is not installed")
                sub = make_files(self.a.data_dir, sc.count, sc.size)
                server = Nginx(self.a.data_dir)
                server.sub = sub
            else:
                server = PyServer(0)
        names = [f"{i}.jpg" for i in range(1, sc.count + 1)]
        urls = [server.url(n, sc.size) for n in names]
        # the server answers with exactly the bytes verify() expects
        probe = min(sc.size, 4096)
        st, body = http_get(urls[0], {"Range": f"bytes=0-{probe - 1}"}, context=context)
        want = b"".join(body_chunks(names[0], sc.size, 0, probe))
        if body != want:
            server.stop()
            raise SetupError(f"{server.label} does not serve the expected bytes for {urls[0]} (status {st})")
        listfile = os.path.join(work, "urls.txt")
        with open(listfile, "w") as f:
            f.write("\n".join(urls) + "\n")
        curl_cfg = os.path.join(work, "curl.cfg")
        with open(curl_cfg, "w") as f:
            for n, u in zip(names, urls):
                f.write(f'url = "{u}"\noutput = "{n}"\n')
        return server, names, listfile, curl_cfg, notes

    def commands(self, sc, threads, listfile, curl_cfg, outdir):
        return tool_commands(self.fetch_cmd, self.peers, threads, listfile, curl_cfg, outdir, self.fetch_rows,
                             sc, self.ca if sc.tls else None, bool(self.fetch_cacert))

    def tool_rows(self):
        """Every row in a report's order: fetch on each JDK, the peers, then wget2-w30."""
        rows = [name for name, _ in self.fetch_rows] + list(self.peers)
        return rows + ([WGET2_W30] if "wget2" in self.peers else [])

    def close(self):
        if self.ca:
            self.ca.remove()

    def check_space(self, sc):
        st = os.statvfs(self.out_base)
        free = st.f_bavail * st.f_frsize
        need = int(sc.count * (sc.size + 4096) * 1.1) + (32 << 20)
        if free < need:
            raise SetupError(f"{self.out_base} has {free >> 20} MB free, the {sc.name} scenario "
                             f"needs about {need >> 20} MB (choose another --out-base)")

    def scenario(self, sc):
        self.check_space(sc)
        work = tempfile.mkdtemp(prefix=f"fetch-bench-{sc.name}-", dir=self.out_base)
        server = None
        try:
            server, names, listfile, curl_cfg, notes = self.setup(sc, work)
            outdir = os.path.join(work, "out")
            logdir = work
            legs = [("", sc.threads)] if sc.name != "scaling" else [(" -t 1", 1), (" -t 16", 16)]
            res = {}  # (leg, tool) -> [runs]
            for tag, t in legs:
                cmds, envs = self.commands(sc, t, listfile, curl_cfg, outdir)
                for _ in range(self.a.warmup):
                    self.measure(sc, tag, cmds, envs, server, names, outdir, logdir, -1)
            for rnd in range(self.a.rounds):
                for tag, t in (legs if rnd % 2 == 0 else list(reversed(legs))):
                    cmds, envs = self.commands(sc, t, listfile, curl_cfg, outdir)
                    for k, r in self.measure(sc, tag, cmds, envs, server, names, outdir, logdir, rnd).items():
                        res.setdefault((tag, k), []).append(r)
            return self.report(sc, server.label, notes, legs, res)
        finally:
            if server:
                server.stop()
            shutil.rmtree(work, ignore_errors=True)

    # -----------------------------------------------------------------------------------
    # million: fetch alone, once, 64 MB heap, a list of 1 000 000 distinct URLs

    def check_space_million(self, count, size, list_bytes):
        """The outputs are count small files on out_base (on tmpfs each takes a whole page, and
        its inode and dentry live in RAM too): fail before starting when they do not fit."""
        st = os.statvfs(self.out_base)
        blk = st.f_frsize or 4096
        need = count * (-(-size // blk) * blk + 64) + list_bytes + (64 << 20)
        free = st.f_bavail * st.f_frsize
        hint = "pass a smaller --million-count, or another --out-base"
        if free < need:
            raise SetupError(f"{self.out_base} has {free >> 20} MB free, the million scenario with "
                             f"{count} entries needs about {need >> 20} MB ({hint})")
        if st.f_files and st.f_favail < count + 1000:  # f_files 0: no inode limit (tmpfs nr_inodes=0)
            raise SetupError(f"{self.out_base} has {st.f_favail} free inodes, the million scenario "
                             f"needs {count + 1000} ({hint})")
        if fs_type(self.out_base) == "tmpfs":
            avail = mem_available()
            ram = need + count * 1024 + (512 << 20)  # + inodes/dentries, + the JVM, nginx and us
            if avail is not None and avail < ram:
                raise SetupError(f"{self.out_base} is a RAM disk and only {avail >> 20} MB of memory is "
                                 f"available; the million scenario with {count} entries needs about "
                                 f"{ram >> 20} MB ({hint})")

    def million(self):
        sc, count = MILLION, self.a.million_count
        if not self.fetch_cmd:
            raise SetupError("million times fetch alone: it cannot run with --fetch none")
        if self.a.server == "python":
            raise SetupError("million is served by nginx only (bench/server.py would be what it "
                             "measures): drop --server python")
        if not shutil.which("nginx"):
            raise SetupError("million needs nginx (apt-get install -y nginx)")
        # the list's longest line is about its last one: an upper bound on its size
        list_bytes = count * len(f"http://127.0.0.1:65535/{DATA_VERSION}/{MILLION_FILES}x{sc.size}/"
                                 f"{MILLION_FILES}.jpg?r={count} f{count}.jpg\n")
        self.check_space_million(count, sc.size, list_bytes)
        work = tempfile.mkdtemp(prefix="fetch-bench-million-", dir=self.out_base)
        server = None
        try:
            sub = make_files(self.a.data_dir, MILLION_FILES, sc.size)
            server = Nginx(self.a.data_dir)
            server.sub = sub
            base = f"http://127.0.0.1:{server.port}/{sub}/"
            st, body = http_get(f"{base}{million_body_name(0)}?r=0")
            if body != b"".join(body_chunks(million_body_name(0), sc.size)):
                raise SetupError(f"{server.label} does not serve the expected bytes for "
                                 f"{base}{million_body_name(0)}?r=0 (status {st})")
            # the list, written in slices: the benchmark never holds a million URLs either
            listfile = os.path.join(work, "urls.txt")
            t0 = time.monotonic()
            with open(listfile, "w") as f:
                for lo in range(0, count, 10_000):
                    f.write("".join(f"{base}{million_body_name(i)}?r={i} f{i}.jpg\n"
                                    for i in range(lo, min(count, lo + 10_000))))
            log(f"  wrote the list of {count} URLs ({os.path.getsize(listfile) >> 20} MB) "
                f"in {time.monotonic() - t0:.1f} s")
            outdir = os.path.join(work, "out")
            logfile = os.path.join(work, "fetch.log")
            env = dict(self.fetch_rows[0][1] or os.environ, FETCH_JAVA_OPTS=MILLION_HEAP)
            cmd = self.fetch_cmd + ["-q", "-f", listfile, "-t", str(sc.threads), "-o", outdir]
            timeout = self.a.timeout if self.a.timeout_given else max(600.0, count * 0.0015)
            log(f"  running FETCH_JAVA_OPTS={MILLION_HEAP} fetch -q -t {sc.threads} once "
                f"(timeout {timeout:g} s)")
            server.begin_run()
            r = run_once(cmd, outdir, timeout, logfile, env=env)
            r.update(server.end_run())
            t0 = time.monotonic()
            entries, problems, sampled = verify_million(outdir, count, sc.size)
            t_verify = time.monotonic() - t0
            add_run_problems(problems, r, f"timed out after {timeout:g} s (raise --timeout)", logfile)
            t0 = time.monotonic()
            shutil.rmtree(outdir, ignore_errors=True)
            log(f"  verified in {t_verify:.1f} s, output deleted in {time.monotonic() - t0:.1f} s")
            r.update({"scenario": sc.name, "leg": "", "tool": "fetch", "round": 0, "files": entries,
                      "entries": count, "heap": MILLION_HEAP, "ok": not problems, "problems": problems})
            self.records.append(r)
            if problems:
                self.fetch_failed = True
            log(f"  million fetch {r['wall']:7.3f} s  {r['rss']:6.0f} MB  "
                + ("ok" if not problems else "FAILED: " + "; ".join(problems)))
            return self.report_million(sc, server.label, sub, count, r, sampled)
        finally:
            if server:
                server.stop()
            shutil.rmtree(work, ignore_errors=True)

    def report_million(self, sc, server_label, sub, count, r, sampled):
        print(f"\n## million: {spaced(count)} distinct URLs of {spaced(sc.size)} B, fetch alone, once, "
              f"FETCH_JAVA_OPTS={MILLION_HEAP}, -t {sc.threads}")
        print(f"\nServer: {server_label}. Entry i is `/{sub}/<i % {MILLION_FILES} + 1>.jpg?r=<i> f<i>.jpg` "
              f"(the huge scenario's files; every URL distinct, every name its own). One run, "
              f"whatever --rounds says; no peers.")
        ok = not r["problems"]
        ver = (f"ok: {count} files, every size right, {sampled} compared byte for byte" if ok else
               "**FAILED**: " + "; ".join(r["problems"])[:400].replace("|", "\\|"))
        print("\n| entries | wall s | CPU s | peak RSS MB | exit | conns | requests | files on disk | verified |")
        print("|---|---|---|---|---|---|---|---|---|")
        print(f"| {count} | {r['wall']:.3f} | {num(r['cpu'], 2)} | {num(r['rss'], 0)} | {r['exit']} | "
              f"{r['conns']:.0f} | {r['reqs']:.0f} | {r['files']} | {ver} |")
        per = (64 << 20) / count
        print(f"\nThe heap is capped at 64 MB: holding every entry at once would leave {spaced(round(per))} bytes "
              f"per entry{' (less than its URL string)' if per < 100 else ''}. "
              + ("A run that completes and verifies says the list is read lazily, the hand-off to "
                 "the workers is bounded, what fetch keeps per entry is a few bytes, and results are "
                 "streamed out. " if per < 100 else
                 "At this count the cap alone proves little: the default 1 000 000 entries is the "
                 "test; this run gives the peak RSS to compare with. ")
              + "Peak RSS should stay about the same for 1 000, 100 000 and 1 000 000 entries.")
        return {"scenario": "million", "fetch": r["wall"], "fetch_ok": ok, "rss": r["rss"],
                "entries": count, "target": None}

    # -----------------------------------------------------------------------------------
    # reporting

    def report(self, sc, server_label, notes, legs, res):
        tools = [k for k in self.tool_rows() if any(key == k for _, key in res)]
        print(f"\n## {sc.name}: {sc.desc}" + (f", -t {sc.threads}" if sc.name != "scaling" else ""))
        print(f"\nServer: {server_label}. {sc.count} files × {sc.size:,} B per run; "
              f"{self.a.rounds} round(s), tool order alternating.")
        for n in notes:
            print(f"\n**Note:** {n}")
        summary = None
        if sc.name == "scaling":
            summary = self.report_scaling(sc, tools, legs, res)
        else:
            summary = self.report_plain(sc, tools, res)
        sys.stdout.flush()
        return summary

    @staticmethod
    def stat(runs):
        ws = [r["wall"] for r in runs]
        return {"wall": statistics.median(ws), "min": min(ws), "max": max(ws),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "rss": statistics.median(r["rss"] for r in runs),
                "conns": statistics.median(r["conns"] for r in runs),
                "reqs": statistics.median(r["reqs"] for r in runs),
                "peak": None if runs[0]["peak"] is None else max(r["peak"] for r in runs),
                "proto": collections.Counter(r.get("proto", "—") for r in runs).most_common(1)[0][0],
                "ok": sum(r["ok"] for r in runs), "n": len(runs),
                "problems": next((r["problems"] for r in runs if r["problems"]), [])}

    @staticmethod
    def verified(s):
        if s["ok"] == s["n"]:
            return f"{s['ok']}/{s['n']} ok"
        return f"**FAILED** {s['n'] - s['ok']}/{s['n']}: " + "; ".join(s["problems"])[:300].replace("|", "\\|")

    def report_plain(self, sc, tools, res):
        stats = {k: self.stat(res[("", k)]) for k in tools}
        good_peers = {k: s["wall"] for k, s in stats.items() if k in PEERS and s["ok"] == s["n"]}
        best = min(good_peers, key=good_peers.get) if good_peers else None
        if sc.latency_ms and not sc.tls:
            waves = math.ceil(sc.count / sc.threads)
            print(f"\nIdeal: {waves} wave(s) × {sc.latency_ms} ms = {waves * sc.latency_ms / 1000:.2f} s of waiting.")
        if sc.tls:
            print("\n| tool | wall s (median) | min–max s | CPU s | peak RSS MB | TLS conns | requests "
                  "| protocol (nginx log) | verified | vs best peer |")
        else:
            print("\n| tool | wall s (median) | min–max s | CPU s | peak RSS MB | conns | requests "
                  "| peak in flight | verified | vs best peer |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for k in tools:
            s = stats[k]
            ratio = "—"
            if best and s["ok"] == s["n"]:
                ratio = f"{s['wall'] / good_peers[best]:.2f}"
            elif best:
                ratio = "n/a (failed)"
            name = f"**{k}**" if k.startswith("fetch") else k
            if k == best:
                name += " (best peer)"
            peak = "—" if s["peak"] is None else str(s["peak"])
            if sc.tls:
                peak = s["proto"]
            print(f"| {name} | {s['wall']:.3f} | {s['min']:.3f}–{s['max']:.3f} | {num(s['cpu'], 2)} | "
                  f"{num(s['rss'], 0)} | {s['conns']:.0f} | {s['reqs']:.0f} | {peak} | {self.verified(s)} | {ratio} |")
        if "fetch" not in stats:
            return None
        f = stats["fetch"]
        others = [{"scenario": f"{sc.name} ({k})", "fetch": stats[k]["wall"],
                   "fetch_ok": stats[k]["ok"] == stats[k]["n"], "best": best,
                   "best_wall": good_peers.get(best), "target": sc.target}
                  for k in tools if k.startswith("fetch-")]
        return {"scenario": sc.name, "fetch": f["wall"], "fetch_ok": f["ok"] == f["n"],
                "best": best, "best_wall": good_peers.get(best), "target": sc.target, "others": others}

    def report_scaling(self, sc, tools, legs, res):
        waves = math.ceil(sc.count / 16)
        ideal1, ideal16 = sc.count * sc.latency_ms / 1000, waves * sc.latency_ms / 1000
        print(f"\nIdeal: -t 1 waits {ideal1:.2f} s, -t 16 waits {ideal16:.2f} s: "
              f"a speed-up of {ideal1 / ideal16:.1f}× at most. Target for fetch: ≥ {sc.target:g}×.")
        print("\n| tool | -t 1 wall s | -t 16 wall s | speed-up | peak in flight -t 1 / -t 16 | verified |")
        print("|---|---|---|---|---|---|")
        out = None
        for k in tools:
            s1, s16 = self.stat(res[(" -t 1", k)]), self.stat(res[(" -t 16", k)])
            ok = s1["ok"] == s1["n"] and s16["ok"] == s16["n"]
            speed = s1["wall"] / s16["wall"] if ok else None
            ver = "ok" if ok else (self.verified(s1) if s1["ok"] != s1["n"] else self.verified(s16))
            name = f"**{k}**" if k == "fetch" else k
            print(f"| {name} | {s1['wall']:.3f} | {s16['wall']:.3f} | "
                  f"{'n/a' if speed is None else f'{speed:.1f}×'} | {s1['peak']} / {s16['peak']} | {ver} |")
            if k == "fetch":
                out = {"scenario": "scaling", "t1": s1["wall"], "t16": s16["wall"], "speedup": speed,
                       "fetch_ok": ok, "target": sc.target}
        return out


def size_label(size):
    """30000 -> '30 KB', 64 MiB -> '64 MB', 1024 -> '1 KB', as the descriptions write sizes."""
    for unit, mib, kib in (("MB", 1 << 20, None), ("KB", 1000, 1024)):
        if size >= mib and size % mib == 0:
            return f"{size // mib} {unit}"
        if kib and size >= kib and size % kib == 0:
            return f"{size // kib} {unit}"
    return f"{size} B"


def chart_labels(million_count=MILLION.count):
    """Each scenario's line under its name in the chart: count × size, and the delay."""
    out = {}
    for sc in list(SCENARIOS.values()) + [SCALING, MILLION]:
        count = million_count if sc is MILLION else sc.count
        delay = (f", {sc.latency_ms} ms" + (" RTT" if sc.tls else "")) if sc.latency_ms else ""
        out[sc.name] = f"{spaced(count)} × {size_label(sc.size)}{delay}"
    return out


def spaced(n):
    """1000000 -> '1 000 000', as the descriptions write counts."""
    return f"{n:,}".replace(",", " ")


def num(x, digits):
    return "—" if x is None or math.isnan(x) else f"{x:.{digits}f}"


def print_summary(summaries):
    rows = []
    for s in summaries:
        if s:
            rows += [s] + s.get("others", [])
    if not rows:
        return
    print("\n## Summary: fetch against the best peer of each scenario (this run only)")
    print("\n| scenario | fetch s | best peer | peer s | fetch / best peer | target | met |")
    print("|---|---|---|---|---|---|---|")
    for s in rows:
        if s["scenario"] == "million":
            print(f"| million | {s['fetch']:.3f} | — | — | {s['entries']} entries, peak RSS "
                  f"{num(s['rss'], 0)} MB | exit 0, verified, {MILLION_HEAP} | "
                  f"{'yes' if s['fetch_ok'] else '**no**'} |")
            continue
        if s["scenario"] == "scaling":
            sp = s["speedup"]
            met = "—" if sp is None else ("yes" if sp >= s["target"] else "**no**")
            print(f"| scaling | -t 1: {s['t1']:.3f} / -t 16: {s['t16']:.3f} | — | — | "
                  f"{'fetch failed' if sp is None else f'speed-up {sp:.1f}×'} | ≥ {s['target']:g}× | {met} |")
            continue
        if not s["fetch_ok"]:
            ratio, met = "fetch failed", "**no**"
        elif s["best"] is None:
            ratio, met = "no peer", "—"
        else:
            r = s["fetch"] / s["best_wall"]
            ratio = f"{r:.2f}"
            met = "—" if s["target"] is None else ("yes" if r <= s["target"] + 1e-9 else "**no**")
        peer = s["best"] or "—"
        pw = "—" if s["best_wall"] is None else f"{s['best_wall']:.3f}"
        target = "—" if s["target"] is None else f"≤ {s['target']:.2f}"
        print(f"| {s['scenario']} | {s['fetch']:.3f} | {peer} | {pw} | {ratio} | {target} | {met} |")


# ---------------------------------------------------------------------------------------

def default_out_base():
    """A RAM disk (tmpfs) when there is one we can write, so the disk does not decide."""
    for cand in ("/dev/shm", "/run/shm"):
        if os.path.isdir(cand) and os.access(cand, os.W_OK) and fs_type(cand) == "tmpfs":
            return cand
    return tempfile.gettempdir()


def fs_type(path):
    """The file system type of the mount holding path (from /proc/mounts), or '?'."""
    path = os.path.realpath(path)
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    mnt = parts[1].replace("\\040", " ")
                    if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best):
                        best, kind = mnt, parts[2]
    except OSError:
        pass
    return kind


def mem_available():
    """MemAvailable from /proc/meminfo in bytes, or None."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def resource_self_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def version_of(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
        line = (r.stdout or r.stderr).decode(errors="replace").strip().splitlines()
        return line[0][:80] if line else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def prime_start_up_cache(fetch_cmd, env=None, seconds=90.0):
    """The launcher builds its start-up cache in the background on its first run: let that happen
    before anything is timed, so that it neither competes for CPU nor is missing from the figures."""
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "fetch")
    started = time.time()
    subprocess.run(fetch_cmd + ["--version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    deadline = started + seconds
    while time.time() < deadline:
        locks = [f for f in (os.listdir(cache) if os.path.isdir(cache) else []) if f.endswith(".lock")]
        if not locks:
            break
        time.sleep(0.5)
    log(f"fetch start-up cache ready after {time.time() - started:.1f} s")


def java_rows(ap, homes):
    """(row name, environment) for each --java-home: the first row is 'fetch', the others
    'fetch-jdkN' by the JDK's feature version."""
    if not homes:
        return [("fetch", None)]
    rows = []
    for i, home in enumerate(homes):
        env = None
        major = "default"
        if home != "default":
            home = os.path.abspath(home)
            if not os.access(os.path.join(home, "bin", "java"), os.X_OK):
                ap.exit(2, f"bench.py: --java-home {home}: no bin/java there\n")
            env = dict(os.environ, JAVA_HOME=home)
            major = java_feature_version(home)
        name = "fetch" if i == 0 else f"fetch-jdk{major}"
        while name in (r for r, _ in rows):
            name += "'"
        rows.append((name, env))
    return rows


def java_feature_version(home):
    """17 for a JDK 17, from its release file (else '?')."""
    try:
        with open(os.path.join(home, "release")) as f:
            for line in f:
                if line.startswith("JAVA_VERSION="):
                    v = line.split("=", 1)[1].strip().strip('"')
                    return v.split(".")[0] if not v.startswith("1.") else v.split(".")[1]
    except OSError:
        pass
    return "?"


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="scenarios:\n" + "\n".join(f"  {s.name:9s} {s.desc}, -t {s.threads}" for s in SCENARIOS.values())
        + f"\n  scaling   {SCALING.desc}\n  tls       {','.join(TLS)}\n  all       {','.join(ALL)}"
        + f"\n  million   {MILLION.desc} (not in all; --million-count)")
    ap.add_argument("--fetch", default=None,
                    help="the fetch launcher (a command; extra words are arguments), default "
                         "target/fetch in the repo root; 'none' runs the peers only")
    ap.add_argument("--scenario", default=DEFAULT_SCENARIOS,
                    help=f"comma-separated scenarios (default {DEFAULT_SCENARIOS}; 'all' for every one)")
    ap.add_argument("--rounds", type=int, default=3, help="timed runs per tool; the median is reported (default 3)")
    ap.add_argument("--warmup", type=int, default=0, help="untimed runs per tool before the rounds (default 0)")
    ap.add_argument("--peers", dest="peers", action="store_true", default=True,
                    help="compare with curl --parallel, wget2 and aria2c when installed (default)")
    ap.add_argument("--no-peers", dest="peers", action="store_false", help="time fetch alone")
    ap.add_argument("--out-base", default=None,
                    help="where the downloads are written (default: /dev/shm when it is a writable "
                         "tmpfs, else the temp dir); e.g. --out-base /tmp to include the disk")
    ap.add_argument("--server", choices=["auto", "nginx", "python"], default="auto",
                    help="server of the static scenarios (default auto: nginx when installed)")
    ap.add_argument("--data-dir", default=os.path.join(tempfile.gettempdir(), "fetch-bench-data"),
                    help="where the files nginx serves are generated once and kept (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds one tool run may take (default 600; for million 600 or 1.5 ms "
                         "per entry, whichever is more)")
    ap.add_argument("--json", default=None, help="also write every run's raw figures to this file")
    ap.add_argument("--chart", default=DEFAULT_CHART, metavar="PATH",
                    help="after a complete run, draw the wall times as an SVG bar chart there (default "
                         "bench/results.svg, the one the README shows; needs matplotlib); 'none': no chart")
    ap.add_argument("--java-home", action="append", default=[], metavar="DIR",
                    help="run fetch on the JDK in DIR (JAVA_HOME for the launcher; 'default' = the "
                         "launcher's own choice); repeat it to time fetch on several JDKs side by side: "
                         "the first is the row 'fetch', the others 'fetch-jdkN'")
    ap.add_argument("--million-count", type=int, default=MILLION.count, metavar="N",
                    help="entries in the million scenario's list (default %(default)s; e.g. 100000 "
                         "for a quick try)")
    a = ap.parse_args(argv)
    if not 1 <= a.rounds <= 100:
        ap.error("--rounds must be 1..100")
    if not 0 <= a.warmup <= 10:
        ap.error("--warmup must be 0..10")
    a.timeout_given = a.timeout is not None
    if not a.timeout_given:
        a.timeout = 600.0
    if not 1 <= a.timeout <= 86400:
        ap.error("--timeout must be 1..86400 s")
    if not 1 <= a.million_count <= 10_000_000:
        ap.error("--million-count must be 1..10000000")
    names = []
    for s in a.scenario.split(","):
        s = s.strip()
        names += ALL if s == "all" else TLS if s == "tls" else [s] if s else []
    bad = [s for s in names if s not in KNOWN]
    if bad or not names:
        ap.error(f"unknown scenario {', '.join(bad) or '(none)'}; choose from {', '.join(KNOWN)}, tls, all")
    a.scenarios = list(dict.fromkeys(names))
    if a.chart.strip().lower() == "none":
        a.chart = None
    else:
        a.chart = os.path.abspath(a.chart)
        try:
            import matplotlib  # noqa: F401  (checked now, not after minutes of timing)
        except ImportError:
            ap.exit(2, "bench.py: the chart needs matplotlib (apt-get install -y python3-matplotlib, or "
                       "pip install matplotlib), or pass --chart none\n")
        if not os.path.isdir(os.path.dirname(a.chart)):
            ap.error(f"--chart {a.chart}: no such folder")
    return ap, a


def main(argv=None):
    ap, a = parse_args(argv)
    # fetch
    fetch_cmd = None
    if a.fetch is None or a.fetch.strip().lower() != "none":
        words = shlex.split(a.fetch) if a.fetch else [os.path.join(REPO, "target", "fetch")]
        exe = words[0]
        if "/" in exe:
            exe = os.path.abspath(exe)
            words[0] = exe
            if not (os.path.isfile(exe) and os.access(exe, os.X_OK)):
                ap.exit(2, f"bench.py: no executable fetch at {exe}: build it with "
                           "`mvn -B -q package -DskipTests`, or pass --fetch PATH, or --fetch none "
                           "to time the peers only\n")
        elif not shutil.which(exe):
            ap.exit(2, f"bench.py: {exe} is not on PATH\n")
        fetch_cmd = words
    fetch_rows = java_rows(ap, a.java_home) if fetch_cmd else []
    peers = [p for p in PEERS if a.peers and shutil.which(p)]
    missing = [p for p in PEERS if a.peers and not shutil.which(p)]
    if not fetch_cmd and not peers:
        ap.exit(2, "bench.py: nothing to time (no fetch and no peer installed)\n")
    global GNU_TIME
    GNU_TIME = gnu_time()
    out_base = os.path.abspath(a.out_base or default_out_base())
    if not os.path.isdir(out_base) or not os.access(out_base, os.W_OK):
        ap.exit(2, f"bench.py: --out-base {out_base} is not a writable directory\n")
    os.makedirs(a.data_dir, exist_ok=True)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    atexit.register(cleanup)

    # header
    print("# fetch benchmark")
    print(f"\n{datetime.datetime.now().isoformat(timespec='seconds')} on {platform.node() or '?'}: "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}. "
          f"Scenarios: {', '.join(a.scenarios)}; {a.rounds} round(s), median reported"
          + (f", {a.warmup} warm-up run(s) per tool" if a.warmup else "") + ".")
    print("\n| tool | command / version |\n|---|---|")
    if fetch_cmd:
        rev = version_of(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
        print(f"| fetch | `{shlex.join(fetch_cmd)}`" + (f" (repo at {rev})" if rev != "?" else "") + " |")
        for row, env in fetch_rows:
            home = (env or {}).get("JAVA_HOME")
            java = os.path.join(home, "bin", "java") if home else "java"
            print(f"| {row} JDK | {'JAVA_HOME=' + home if home else 'default java'}: {version_of([java, '-version'])} |")
    else:
        print("| fetch | not run (--fetch none): peers only |")
    for p in peers:
        print(f"| {p} | {version_of([p, '--version'])} |")
    kind = fs_type(out_base)
    print(f"\nDownloads go to {out_base} ({kind}"
          + (", a RAM disk: the disk does not decide" if kind == "tmpfs"
             else ", not a RAM disk: disk and page cache are part of the figures") + "), a fresh empty "
          "directory for every run, checked after every run (exit code 0, every file with the right size, "
          "nothing left over, a sample compared byte for byte). "
          + ("CPU and peak RSS are measured by GNU time." if GNU_TIME else ""))
    if not GNU_TIME:
        print("\n**Note:** GNU time (/usr/bin/time, apt-get install -y time) is missing: peak RSS and CPU "
              "come from wait4(), and peak RSS never shows less than this Python process's own size "
              f"(about {resource_self_mb():.0f} MB), as the kernel counts the pre-exec copy.")
    if missing:
        print("\n**Note:** peers not installed, skipped: " + ", ".join(
            f"{p} (apt-get install -y {INSTALL_HINT[p]})" for p in missing) + ".")
    if not a.peers:
        print("\n**Note:** --no-peers: fetch alone, no ratios.")
    sys.stdout.flush()

    for _, env in fetch_rows:
        prime_start_up_cache(fetch_cmd, env)

    summaries = []
    status = 0
    bench = Bench(a, fetch_cmd, peers, out_base, fetch_rows)
    try:
        for name in a.scenarios:
            sc = {"scaling": SCALING, "million": MILLION}.get(name) or SCENARIOS[name]
            log(f"{name}: {sc.desc}" if name != "million" else
                f"million: {spaced(a.million_count)} distinct URLs of 1 KB, fetch alone, once, "
                f"FETCH_JAVA_OPTS={MILLION_HEAP}")
            try:
                summaries.append(bench.million() if name == "million" else bench.scenario(sc))
            except SetupError as e:
                print(f"\n## {name}: not run\n\n**Error:** {e}")
                log(f"  {name}: not run: {e}")
                status = 2
        if fetch_cmd:
            print_summary(summaries)
    except KeyboardInterrupt:
        log("interrupted: stopping servers and tools")
        status = 130
    finally:
        cleanup()
        bench.close()
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"scenarios": a.scenarios, "rounds": a.rounds, "out_base": out_base,
                           "runs": bench.records}, f, indent=1)
    if a.chart and status != 130 and bench.records:
        import chart
        chart.write(bench.records, a.chart, PEERS, chart_labels(a.million_count), a.rounds)
        log(f"chart: {a.chart}")
    if status == 0 and bench.fetch_failed:
        status = 1
    sys.stdout.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
