// Command static is the limit the benchmark holds the exporter to: a plain
// net/http handler that writes bytes read into memory beforehand, with
// nothing computed per request.
//
//	static -listen 127.0.0.1:9999 -dir bodies/
//
// Every file NAME in dir is served at /NAME with the Content-Type and
// Content-Encoding given in NAME.headers (lines "Key: value"), so that the
// benchmark can serve the exporter's very responses, captured by curl.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on")
	dir := flag.String("dir", ".", "directory of bodies and their .headers files")
	flag.Parse()
	mux := http.NewServeMux()
	names, err := filepath.Glob(filepath.Join(*dir, "*.headers"))
	if err != nil || len(names) == 0 {
		log.Fatalf("no bodies in %s: %v", *dir, err)
	}
	for _, headers := range names {
		name := strings.TrimSuffix(headers, ".headers")
		body, err := os.ReadFile(name)
		if err != nil {
			log.Fatal(err)
		}
		h, err := readHeaders(headers)
		if err != nil {
			log.Fatal(err)
		}
		mux.HandleFunc("/"+filepath.Base(name), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", h.Get("Content-Type"))
			if enc := h.Get("Content-Encoding"); enc != "" {
				w.Header().Set("Content-Encoding", enc)
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
		})
	}
	mux.HandleFunc("/-/ready", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "Ready") })
	log.Fatal(http.ListenAndServe(*listen, mux))
}

func readHeaders(path string) (http.Header, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok {
			h.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		}
	}
	return h, sc.Err()
}
