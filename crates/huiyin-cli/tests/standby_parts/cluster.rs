//! PostgreSQL clusters for the standby test, made with the machine's server binaries and run
//! as the `postgres` user: a primary that streams to a synchronous standby.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Run;

/// The machine's PostgreSQL server binaries (Debian: /usr/lib/postgresql/<major>/bin).
fn pg_bin(tool: &str) -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut majors: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("PostgreSQL server binaries under /usr/lib/postgresql")
        .map(|e| e.unwrap().path())
        .collect();
    majors.sort();
    majors.last().unwrap().join("bin").join(tool)
}

/// A PostgreSQL tool to be run as the `postgres` user.
fn postgres_command(tool: &str) -> Command {
    let mut c = Command::new("setpriv");
    c.args([
        "--reuid=postgres",
        "--regid=postgres",
        "--init-groups",
        "--",
    ])
    .arg(pg_bin(tool));
    c
}

/// `tool args…` as the `postgres` user, which must succeed.
fn as_postgres(tool: &str, args: &[&str]) -> Run {
    let out = postgres_command(tool)
        .args(args)
        .current_dir("/tmp")
        .output()
        .unwrap();
    let r = Run::of(out);
    assert!(r.ok, "{tool} {args:?}:\n{}\n{}", r.stdout, r.stderr);
    r
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One PostgreSQL cluster in a temporary directory owned by `postgres`.
pub struct Cluster {
    _dir: tempfile::TempDir,
    data: PathBuf,
    pub port: u16,
}

impl Cluster {
    fn dir() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        // PostgreSQL refuses a data directory others may read.
        assert!(
            Command::new("chmod")
                .arg("0700")
                .arg(&data)
                .status()
                .unwrap()
                .success()
        );
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(chown.success());
        (dir, data)
    }

    fn settings(data: &Path, port: u16) {
        let conf = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n\
             synchronous_standby_names = 'standby1'\nsynchronous_commit = on\n",
            data.display()
        );
        append(&data.join("postgresql.conf"), &conf);
    }

    /// A new primary that lets the standby replicate from it.
    pub fn primary() -> Cluster {
        let (dir, data) = Cluster::dir();
        let d = data.to_str().unwrap();
        as_postgres(
            "initdb",
            &[
                "-D",
                d,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        let port = free_port();
        Cluster::settings(&data, port);
        append(
            &data.join("pg_hba.conf"),
            "host all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n",
        );
        let c = Cluster {
            _dir: dir,
            data,
            port,
        };
        c.start();
        c
    }

    /// A streaming standby of `primary` named `standby1` (the synchronous one).
    pub fn standby_of(primary: &Cluster) -> Cluster {
        let (dir, data) = Cluster::dir();
        let conn = format!(
            "host=127.0.0.1 port={} user=postgres application_name=standby1",
            primary.port
        );
        as_postgres(
            "pg_basebackup",
            &[
                "-d",
                &conn,
                "-D",
                data.to_str().unwrap(),
                "-R",
                "-X",
                "stream",
            ],
        );
        let port = free_port();
        Cluster::settings(&data, port);
        append(
            &data.join("postgresql.auto.conf"),
            &format!("primary_conninfo = '{conn}'\n"),
        );
        let c = Cluster {
            _dir: dir,
            data,
            port,
        };
        c.start();
        c
    }

    fn start(&self) {
        let log = self.data.with_file_name("server.log");
        let out = postgres_command("pg_ctl")
            .args([
                "-D",
                self.data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// SIGKILL to the postmaster: a crash, nothing flushed or said goodbye.
    pub fn kill(&self) {
        let pid = std::fs::read_to_string(self.data.join("postmaster.pid")).unwrap();
        let pid = pid.lines().next().unwrap().trim().to_owned();
        assert!(
            Command::new("kill")
                .args(["-9", &pid])
                .status()
                .unwrap()
                .success()
        );
    }

    pub fn promote(&self) {
        as_postgres(
            "pg_ctl",
            &["-D", self.data.to_str().unwrap(), "-w", "promote"],
        );
    }

    pub fn sql(&self, statement: &str) -> String {
        let port = self.port.to_string();
        as_postgres(
            "psql",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port,
                "-U",
                "postgres",
                "-tAc",
                statement,
            ],
        )
        .stdout
        .trim()
        .to_owned()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = postgres_command("pg_ctl")
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

fn append(file: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().append(true).open(file).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}
