package jpegscale

// Parsing of the table and frame segments (T.81 B.2.2, B.2.4).

// parseSOF reads a frame header and sets out the component planes.
func (d *decoder) parseSOF(seg []byte, progressive bool) error {
	if d.frame {
		return FormatError("more than one frame")
	}
	if len(seg) < 6 {
		return FormatError("short SOF")
	}
	if seg[0] != 8 {
		return errUnsupported("sample precision other than 8 bits")
	}
	d.height = int(seg[1])<<8 | int(seg[2])
	d.width = int(seg[3])<<8 | int(seg[4])
	nc := int(seg[5])
	if d.height == 0 {
		return errUnsupported("height given by a DNL marker")
	}
	if d.width == 0 {
		return FormatError("zero width")
	}
	if nc != 1 && nc != 3 && nc != 4 {
		return errUnsupported("component count other than 1, 3 or 4")
	}
	if d.maxPixels > 0 && d.width*d.height > d.maxPixels {
		return FormatError("image too large")
	}
	if len(seg) != 6+3*nc {
		return FormatError("bad SOF length")
	}
	d.comps = make([]component, nc)
	d.hmax, d.vmax = 1, 1
	for i := range d.comps {
		c := &d.comps[i]
		c.id = seg[6+3*i]
		c.h, c.v = int(seg[7+3*i]>>4), int(seg[7+3*i]&15)
		c.tq = seg[8+3*i]
		if c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 {
			return FormatError("bad sampling factor")
		}
		if c.tq > 3 {
			return FormatError("bad quantisation table selector")
		}
		for j := range i {
			if d.comps[j].id == c.id {
				return FormatError("repeated component identifier")
			}
		}
		d.hmax, d.vmax = max(d.hmax, c.h), max(d.vmax, c.v)
	}
	if nc == 1 {
		// One component: its MCU is one block whatever its factors say.
		d.comps[0].h, d.comps[0].v, d.hmax, d.vmax = 1, 1, 1, 1
	}
	d.mcusX = (d.width + 8*d.hmax - 1) / (8 * d.hmax)
	d.mcusY = (d.height + 8*d.vmax - 1) / (8 * d.vmax)
	for i := range d.comps {
		c := &d.comps[i]
		if d.hmax%c.h != 0 || d.vmax%c.v != 0 {
			return errUnsupported("sampling factors that do not divide the largest")
		}
		c.bw, c.bh = d.mcusX*c.h, d.mcusY*c.v
		cw := (d.width*c.h + d.hmax - 1) / d.hmax
		ch := (d.height*c.v + d.vmax - 1) / d.vmax
		c.cbw, c.cbh = (cw+7)/8, (ch+7)/8
		c.stride = c.bw * d.n
		c.pix = make([]byte, c.stride*c.bh*d.n)
		if progressive {
			c.coef = make([]int16, c.bw*c.bh*64)
		}
	}
	d.progressive, d.frame = progressive, true
	return nil
}

// parseDQT reads quantisation tables, kept in zig-zag order as sent.
func (d *decoder) parseDQT(seg []byte) error {
	for len(seg) > 0 {
		pq, tq := seg[0]>>4, seg[0]&15
		if tq > 3 || pq > 1 {
			return FormatError("bad DQT")
		}
		size := 64 << pq
		if len(seg) < 1+size {
			return FormatError("short DQT")
		}
		q := &d.quant[tq]
		for k := range 64 {
			if pq == 0 {
				q[k] = int32(seg[1+k])
			} else {
				q[k] = int32(seg[1+2*k])<<8 | int32(seg[2+2*k])
			}
		}
		d.qset[tq] = true
		seg = seg[1+size:]
	}
	return nil
}

// parseDHT reads Huffman tables.
func (d *decoder) parseDHT(seg []byte) error {
	for len(seg) > 0 {
		if len(seg) < 17 {
			return FormatError("short DHT")
		}
		tc, th := seg[0]>>4, seg[0]&15
		if tc > 1 || th > 3 {
			return FormatError("bad DHT")
		}
		var counts [16]uint8
		copy(counts[:], seg[1:17])
		total := 0
		for _, c := range counts {
			total += int(c)
		}
		if total == 0 || total > 256 || len(seg) < 17+total {
			return FormatError("bad DHT length")
		}
		t := &d.dc[th]
		if tc == 1 {
			t = &d.ac[th]
		}
		if err := t.build(&counts, seg[17:17+total], tc == 1); err != nil {
			return err
		}
		seg = seg[17+total:]
	}
	return nil
}

// parseDRI reads the restart interval.
func (d *decoder) parseDRI(seg []byte) error {
	if len(seg) != 2 {
		return FormatError("bad DRI length")
	}
	d.ri = int(seg[0])<<8 | int(seg[1])
	return nil
}

// scan is a scan header (T.81 B.2.3).
type scan struct {
	comps  []int // indices into decoder.comps
	td, ta [4]uint8
	ss, se int // spectral selection
	ah, al uint
}

// parseSOSAndDecode reads a scan header and decodes the scan's data,
// which follows it.
func (d *decoder) parseSOSAndDecode(seg []byte) error {
	if !d.frame {
		return FormatError("scan before frame")
	}
	if len(seg) < 1 {
		return FormatError("short SOS")
	}
	ns := int(seg[0])
	if ns < 1 || ns > len(d.comps) || len(seg) != 4+2*ns {
		return FormatError("bad SOS length")
	}
	if err := d.checkLayout(); err != nil {
		return err
	}
	var s scan
	blocks := 0
	for i := range ns {
		id, t := seg[1+2*i], seg[2+2*i]
		ci := -1
		for j := range d.comps {
			if d.comps[j].id == id {
				ci = j
			}
		}
		if ci < 0 {
			return FormatError("scan of an unknown component")
		}
		for _, prev := range s.comps {
			if prev == ci {
				return FormatError("component repeated in a scan")
			}
		}
		s.comps = append(s.comps, ci)
		s.td[i], s.ta[i] = t>>4, t&15
		if s.td[i] > 3 || s.ta[i] > 3 {
			return FormatError("bad Huffman table selector")
		}
		blocks += d.comps[ci].h * d.comps[ci].v
	}
	if ns > 1 && blocks > 10 {
		return FormatError("too many blocks in an MCU")
	}
	p := seg[1+2*ns:]
	s.ss, s.se, s.ah, s.al = int(p[0]), int(p[1]), uint(p[2]>>4), uint(p[2]&15)
	for _, ci := range s.comps {
		c := &d.comps[ci]
		if !d.qset[c.tq] {
			return FormatError("missing quantisation table")
		}
		if !c.latched {
			c.quant, c.latched = d.quant[c.tq], true
		}
		c.scanned = true
	}
	if d.progressive {
		if s.ss > s.se || s.se > 63 || (s.ss == 0) != (s.se == 0) || (s.ss > 0 && ns != 1) || s.ah > 13 || s.al > 13 {
			return FormatError("bad progressive scan parameters")
		}
		return d.decodeProgressive(&s)
	}
	if s.ss != 0 || s.se != 63 || s.ah != 0 || s.al != 0 {
		// Sequential scans carry the whole band; some encoders write 0
		// for Se, which T.81 allows readers to ignore.
		if s.ss != 0 || s.ah != 0 || s.al != 0 {
			return FormatError("bad sequential scan parameters")
		}
	}
	return d.decodeSequential(&s)
}
