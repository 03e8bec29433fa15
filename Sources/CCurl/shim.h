// libcurl for the FTP node, with typed wrappers for its variadic calls (Swift imports no C varargs) and the
// socket helpers the egress check needs. Nothing here decides anything: the Swift side does.
#ifndef PLUGBOARD_CCURL_SHIM_H
#define PLUGBOARD_CCURL_SHIM_H

#include <curl/curl.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

typedef size_t (*plugboard_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode plugboard_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_ALL); }

static inline CURLcode plugboard_curl_set_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode plugboard_curl_set_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// Strings (libcurl copies them), lists and callback contexts.
static inline CURLcode plugboard_curl_set_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// Bytes libcurl copies, such as a CA bundle in PEM.
static inline CURLcode plugboard_curl_set_blob(CURL *handle, CURLoption option, const void *data, size_t length) {
    struct curl_blob blob = {(void *)data, length, CURL_BLOB_COPY};
    return curl_easy_setopt(handle, option, &blob);
}

static inline CURLcode plugboard_curl_set_data_callback(CURL *handle, CURLoption option, plugboard_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode plugboard_curl_set_opensocket_callback(CURL *handle, curl_opensocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
}

static inline CURLcode plugboard_curl_set_progress_callback(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode plugboard_curl_get_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

/// The IP address libcurl is about to connect to: copies 4 (IPv4) or 16 (IPv6) bytes into `out` and returns
/// how many, or 0 for any other family.
static inline int plugboard_curl_address_bytes(const struct curl_sockaddr *address, unsigned char out[16]) {
    if (address->family == AF_INET && address->addrlen >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&address->addr;
        memcpy(out, &v4->sin_addr, 4);
        return 4;
    }
    if (address->family == AF_INET6 && address->addrlen >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&address->addr;
        memcpy(out, &v6->sin6_addr, 16);
        return 16;
    }
    return 0;
}

/// The socket libcurl asked for, once the address passed the check.
static inline curl_socket_t plugboard_curl_open_socket(const struct curl_sockaddr *address) {
    return socket(address->family, address->socktype, address->protocol);
}

static inline curl_socket_t plugboard_curl_bad_socket(void) { return CURL_SOCKET_BAD; }

/// Closes a socket gracefully: says the writing is done (FIN), then reads what the server still sends (a TLS 1.3
/// server's session tickets that an upload never read) until it closes too, for at most `wait_ms`. Closing with
/// unread bytes makes the kernel send a reset, which can destroy the end of an upload before the server reads it
/// (vsftpd then answers 426).
static inline int plugboard_curl_close_socket(curl_socket_t socket_fd, int wait_ms) {
    char sink[4096];
    shutdown(socket_fd, SHUT_WR);
    struct pollfd watch = {socket_fd, POLLIN, 0};
    while (poll(&watch, 1, wait_ms) > 0) {
        if (read(socket_fd, sink, sizeof sink) <= 0) break;
    }
    return close(socket_fd);
}

static inline CURLcode plugboard_curl_set_closesocket_callback(CURL *handle, curl_closesocket_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_CLOSESOCKETFUNCTION, callback);
}

#endif
