//! A port a server needs, checked free before anything starts; when taken, who holds it (on
//! Linux: the socket's inode in /proc/net/tcp*, found among /proc/<pid>/fd).

use crate::error::hinted;

/// Refuse when `host:port` cannot be bound, naming the owner when it can be found.
pub fn ensure_free(host: &str, port: u16, wanted_by: &str) -> anyhow::Result<()> {
    if std::net::TcpListener::bind((host, port)).is_ok() {
        return Ok(());
    }
    let owner = owner(port).map(|(pid, name)| format!(" by {name} (pid {pid})")).unwrap_or_default();
    Err(hinted(
        format!("port {port} on {host}, which {wanted_by} needs, is in use{owner}"),
        "stop what holds it (otelkit down, if it is an earlier otelkit up), or run that server yourself and pass --use NAME=URL",
    ))
}

/// The pid and name of the process listening on `port`, when /proc tells.
pub fn owner(port: u16) -> Option<(u32, String)> {
    let inodes: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|table| listening_inodes(&table, port))
        .collect();
    if inodes.is_empty() {
        return None;
    }
    let wanted: Vec<String> = inodes.iter().map(|i| format!("socket:[{i}]")).collect();
    for proc_entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = proc_entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let Ok(fds) = std::fs::read_dir(proc_entry.path().join("fd")) else { continue };
        for fd in fds.flatten() {
            let target = std::fs::read_link(fd.path()).map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
            if wanted.contains(&target) {
                let name = std::fs::read_to_string(proc_entry.path().join("comm")).unwrap_or_default();
                return Some((pid, name.trim().to_owned()));
            }
        }
    }
    None
}

/// The inodes of the sockets listening (state 0A) on `port` in one /proc/net/tcp table.
fn listening_inodes(table: &str, port: u16) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let local_port = f.get(1)?.rsplit(':').next()?;
            let listening = *f.get(3)? == "0A";
            (listening && u16::from_str_radix(local_port, 16).ok()? == port).then(|| f.get(9).map(|s| s.to_string()))?
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_listening_sockets_of_a_port() {
        let table =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
           0: 0100007F:10E1 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1\n\
           1: 0100007F:10E1 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1\n";
        assert_eq!(listening_inodes(table, 4321), vec!["4242".to_string()]);
        assert!(listening_inodes(table, 4317).is_empty());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_port_in_use_is_refused_with_its_owner() {
        let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = held.local_addr().unwrap().port();
        let err = ensure_free("127.0.0.1", port, "the collector").unwrap_err().to_string();
        assert!(err.contains(&format!("port {port} on 127.0.0.1, which the collector needs, is in use by ")), "{err}");
        assert!(err.contains(&format!("(pid {})", std::process::id())), "{err}");
    }
}
