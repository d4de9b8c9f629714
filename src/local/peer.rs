//! Connections from this user only. The endpoint and each environment's
//! Runtime API listen on loopback, where any local account could connect:
//! on a shared jump host another user could invoke your functions (which run
//! as you) or take an environment's payloads and answer in its place. The
//! kernel's socket table says who owns the other end of a connection.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::serve::Listener;
use tokio::net::{TcpListener, TcpStream};

/// A loopback listener that drops connections whose other end belongs to
/// another user (or cannot be found in the socket table).
pub struct OwnUserOnly(pub TcpListener);

impl Listener for OwnUserOnly {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let (stream, peer) = Listener::accept(&mut self.0).await;
            match stream.local_addr() {
                Ok(local) if peer_uid(peer, local) == Some(own_uid()) => return (stream, peer),
                _ => tracing::warn!(%peer, "refused a connection from another user"),
            }
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

fn own_uid() -> u32 {
    // SAFETY: getuid(2) cannot fail and touches nothing.
    unsafe { libc::getuid() }
}

/// The owner of the socket at `peer` connected to `local`: asked of the
/// kernel's socket-diagnostics netlink for that one socket, else read from
/// /proc/net/tcp (whose size grows with every socket on the host).
fn peer_uid(peer: SocketAddr, local: SocketAddr) -> Option<u32> {
    diag::owner(peer, local).or_else(|| {
        let table = match peer {
            SocketAddr::V4(_) => "/proc/net/tcp",
            SocketAddr::V6(_) => "/proc/net/tcp6",
        };
        owner_in_table(&std::fs::read_to_string(table).ok()?, peer, local)
    })
}

/// NETLINK_SOCK_DIAG's exact lookup of one TCP socket by its four-tuple.
mod diag {
    use std::net::{IpAddr, SocketAddr};

    const NETLINK_SOCK_DIAG: libc::c_int = 4;
    const SOCK_DIAG_BY_FAMILY: u16 = 20;
    const NLM_F_REQUEST: u16 = 1;
    const NO_COOKIE: u32 = !0;

    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct SockId {
        sport: u16,
        dport: u16,
        src: [u32; 4],
        dst: [u32; 4],
        interface: u32,
        cookie: [u32; 2],
    }

    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Request {
        length: u32,
        kind: u16,
        flags: u16,
        sequence: u32,
        port_id: u32,
        family: u8,
        protocol: u8,
        extensions: u8,
        pad: u8,
        states: u32,
        id: SockId,
    }

    #[repr(C)]
    #[derive(Clone, Copy, Default)]
    struct Answer {
        length: u32,
        kind: u16,
        flags: u16,
        sequence: u32,
        port_id: u32,
        family: u8,
        state: u8,
        timer: u8,
        retransmits: u8,
        id: SockId,
        expires: u32,
        read_queue: u32,
        write_queue: u32,
        uid: u32,
        inode: u32,
    }

    /// An address as inet_diag holds it: network byte order, IPv4 in the first word.
    fn words(ip: IpAddr) -> [u32; 4] {
        let mut words = [0u32; 4];
        match ip {
            IpAddr::V4(v4) => words[0] = u32::from_ne_bytes(v4.octets()),
            IpAddr::V6(v6) => {
                for (word, chunk) in words.iter_mut().zip(v6.octets().chunks(4)) {
                    *word = u32::from_ne_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
                }
            }
        }
        words
    }

    pub fn owner(peer: SocketAddr, local: SocketAddr) -> Option<u32> {
        let request = Request {
            length: std::mem::size_of::<Request>() as u32,
            kind: SOCK_DIAG_BY_FAMILY,
            flags: NLM_F_REQUEST,
            family: if peer.is_ipv4() {
                libc::AF_INET as u8
            } else {
                libc::AF_INET6 as u8
            },
            protocol: libc::IPPROTO_TCP as u8,
            states: !0,
            id: SockId {
                sport: peer.port().to_be(),
                dport: local.port().to_be(),
                src: words(peer.ip()),
                dst: words(local.ip()),
                cookie: [NO_COOKIE, NO_COOKIE],
                ..SockId::default()
            },
            ..Request::default()
        };
        // SAFETY: a netlink socket of our own; the buffers are plain repr(C)
        // values of the sizes given, and the socket is closed on every path.
        unsafe {
            let fd = libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
                NETLINK_SOCK_DIAG,
            );
            if fd < 0 {
                return None;
            }
            let timeout = libc::timeval { tv_sec: 1, tv_usec: 0 };
            libc::setsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_RCVTIMEO,
                (&timeout as *const libc::timeval).cast(),
                std::mem::size_of::<libc::timeval>() as libc::socklen_t,
            );
            let mut kernel: libc::sockaddr_nl = std::mem::zeroed();
            kernel.nl_family = libc::AF_NETLINK as u16;
            let sent = libc::sendto(
                fd,
                (&request as *const Request).cast(),
                std::mem::size_of::<Request>(),
                0,
                (&kernel as *const libc::sockaddr_nl).cast(),
                std::mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            );
            let mut answer = Answer::default();
            let received = if sent > 0 {
                libc::recv(
                    fd,
                    (&mut answer as *mut Answer).cast(),
                    std::mem::size_of::<Answer>(),
                    0,
                )
            } else {
                -1
            };
            libc::close(fd);
            let whole = received >= std::mem::size_of::<Answer>() as isize;
            (whole && answer.kind == SOCK_DIAG_BY_FAMILY).then_some(answer.uid)
        }
    }
}

fn owner_in_table(table: &str, peer: SocketAddr, local: SocketAddr) -> Option<u32> {
    table.lines().skip(1).find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (ours, theirs, uid) = (fields.get(1)?, fields.get(2)?, fields.get(7)?);
        (parse_address(ours)? == peer && parse_address(theirs)? == local).then(|| uid.parse().ok())?
    })
}

/// `0100007F:1F91` (IPv4) or 32 hex digits and a port (IPv6): the kernel
/// prints each 32-bit word of the address in host byte order.
fn parse_address(text: &str) -> Option<SocketAddr> {
    let (address, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let word = |hex: &str| u32::from_str_radix(hex, 16).ok().map(u32::to_ne_bytes);
    let ip = match address.len() {
        8 => IpAddr::V4(Ipv4Addr::from(word(address)?)),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_mut(4).enumerate() {
                chunk.copy_from_slice(&word(address.get(i * 8..i * 8 + 8)?)?);
            }
            IpAddr::V6(Ipv6Addr::from(bytes))
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str =
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1 0 100 0 0 10 0
   1: 0100007F:A1B2 0100007F:2329 01 00000000:00000000 00:00000000 00000000  1001        0 102 1 0 20 4 30 10 -1
   2: 0100007F:2329 0100007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 103 1 0 20 4 30 10 -1
";

    #[test]
    fn the_owner_of_the_other_end_is_read_from_the_socket_table() {
        let server: SocketAddr = "127.0.0.1:9001".parse().unwrap();
        let client: SocketAddr = "127.0.0.1:41394".parse().unwrap();
        assert_eq!(owner_in_table(TABLE, client, server), Some(1001));
        assert_eq!(owner_in_table(TABLE, "127.0.0.1:1".parse().unwrap(), server), None);
        assert_eq!(
            parse_address("00000000000000000000000001000000:0050"),
            Some("[::1]:80".parse().unwrap())
        );
    }

    #[test]
    fn the_kernel_names_the_owner_of_a_connection() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server_side, peer) = listener.accept().unwrap();
        let local = server_side.local_addr().unwrap();
        assert_eq!(peer, client.local_addr().unwrap());
        assert_eq!(diag::owner(peer, local), Some(own_uid()), "netlink sock_diag answers");
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
        assert_eq!(
            owner_in_table(&table, peer, local),
            Some(own_uid()),
            "and the table agrees"
        );
        assert_eq!(
            diag::owner("127.0.0.1:1".parse().unwrap(), local),
            None,
            "no such socket"
        );
    }

    #[tokio::test]
    async fn this_users_own_connections_are_let_in() {
        let mut listener = OwnUserOnly(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let address = listener.local_addr().unwrap();
        let connect = tokio::spawn(async move { TcpStream::connect(address).await.unwrap() });
        let (_, peer) = tokio::time::timeout(std::time::Duration::from_secs(5), Listener::accept(&mut listener))
            .await
            .expect("our own connection is accepted");
        assert_eq!(peer, connect.await.unwrap().local_addr().unwrap());
    }
}
