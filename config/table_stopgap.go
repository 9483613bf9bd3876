package config

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// openRows opens a table for its mapping. Stopgap until config/table
// lands: UTF-8 CSV only, separator as given or detected from the first
// line.
func openRows(name string, data []byte, m *tableMapping) (rowReader, error) {
	if ext := strings.ToLower(filepath.Ext(name)); ext != ".csv" && ext != ".tsv" && ext != ".txt" {
		return nil, fmt.Errorf("cannot read %s tables yet", ext)
	}
	var p problemList
	if !checkEncoding(data, &p) {
		return nil, errors.New(p.list[0].Msg)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.Comma = m.separator
	if r.Comma == 0 {
		first, _, _ := bytes.Cut(data, []byte{'\n'})
		r.Comma = ','
		best := bytes.Count(first, []byte{','})
		for _, c := range []byte{';', '\t', '|'} {
			if n := bytes.Count(first, []byte{c}); n > best {
				r.Comma, best = rune(c), n
			}
		}
	}
	return &csvRows{r: r}, nil
}

type csvRows struct {
	r    *csv.Reader
	row  []string
	line int
	err  error
}

func (c *csvRows) Next() bool {
	rec, err := c.r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			c.err = err
		}
		return false
	}
	c.row = rec
	c.line, _ = c.r.FieldPos(0)
	return true
}

func (c *csvRows) Row() []string                  { return c.row }
func (c *csvRows) Where() (sheet string, row int) { return "", c.line }
func (c *csvRows) Err() error                     { return c.err }
func (c *csvRows) Close() error                   { return nil }
