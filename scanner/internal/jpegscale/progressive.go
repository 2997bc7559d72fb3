package jpegscale

// Progressive scans (T.81 G.1.2): each scan refines the coefficients
// kept per block (spectral selection: a band Ss..Se; successive
// approximation: a bit plane Al, Ah the previous one), and the blocks are
// transformed once every scan is in.

func (d *decoder) decodeProgressive(s *scan) error {
	for i := range s.comps {
		if s.ss == 0 {
			if s.ah == 0 && !d.dc[s.td[i]].defined {
				return FormatError("undefined Huffman table")
			}
		} else if !d.ac[s.ta[i]].defined {
			return FormatError("undefined Huffman table")
		}
	}
	br := &bitReader{data: d.data, pos: d.pos}
	mcusX, mcusY := d.mcuGeometry(s)
	single := len(s.comps) == 1
	var pred [4]int32
	d.eobRun = 0
	mcu := 0
	for my := range mcusY {
		for mx := range mcusX {
			if d.ri > 0 && mcu > 0 && mcu%d.ri == 0 {
				if err := br.restart(); err != nil {
					return err
				}
				pred, d.eobRun = [4]int32{}, 0
			}
			mcu++
			for i, ci := range s.comps {
				c := &d.comps[ci]
				h, v := c.h, c.v
				if single {
					h, v = 1, 1
				}
				for by := range v {
					for bx := range h {
						x, y := mx*h+bx, my*v+by
						b := c.coef[(y*c.bw+x)*64:][:64]
						var err error
						switch {
						case s.ss == 0 && s.ah == 0:
							err = d.dcFirst(br, &d.dc[s.td[i]], b, &pred[i], s.al)
						case s.ss == 0:
							if br.bit() {
								b[0] |= 1 << s.al
							}
						case s.ah == 0:
							err = d.acFirst(br, &d.ac[s.ta[i]], b, s)
						default:
							err = d.acRefine(br, &d.ac[s.ta[i]], b, s)
						}
						if err != nil {
							return err
						}
						if br.short() {
							return errShort
						}
					}
				}
			}
		}
	}
	d.pos = br.pos
	return nil
}

// dcFirst decodes a DC difference, scaled by 2^al (G.1.2.1).
func (d *decoder) dcFirst(br *bitReader, t *huffTable, b []int16, pred *int32, al uint) error {
	sz, err := br.decode(t)
	if err != nil {
		return err
	}
	if sz > 15 {
		return FormatError("bad DC difference")
	}
	*pred += br.receive(uint(sz))
	b[0] = int16(*pred << al)
	return nil
}

// acFirst decodes the first bits of a band (G.1.2.2), or counts the
// block off an end-of-band run.
func (d *decoder) acFirst(br *bitReader, t *huffTable, b []int16, s *scan) error {
	if d.eobRun > 0 {
		d.eobRun--
		return nil
	}
	for k := s.ss; k <= s.se; k++ {
		rs, err := br.decode(t)
		if err != nil {
			return err
		}
		r, sz := int(rs>>4), uint(rs&15)
		if sz == 0 {
			if r == 15 {
				k += 15
				continue
			}
			d.eobRun = 1<<r - 1 // this block ends the run's first
			if r > 0 {
				d.eobRun += int(br.bits(uint(r)))
			}
			return nil
		}
		k += r
		if k > s.se {
			return FormatError("coefficient past the end of a band")
		}
		b[k] = int16(br.receive(sz) << s.al)
	}
	return nil
}

// acRefine adds a bit plane to a band (G.1.2.3): a correction bit for
// each coefficient already non-zero, and new coefficients of ±2^al placed
// among the zero ones.
func (d *decoder) acRefine(br *bitReader, t *huffTable, b []int16, s *scan) error {
	p1, m1 := int16(1)<<s.al, int16(-1)<<s.al
	k := s.ss
	if d.eobRun == 0 {
		for ; k <= s.se; k++ {
			rs, err := br.decode(t)
			if err != nil {
				return err
			}
			r, sz := int(rs>>4), rs&15
			var val int16
			switch {
			case sz == 1:
				val = m1
				if br.bit() {
					val = p1
				}
			case sz != 0:
				return FormatError("bad refinement coefficient")
			case r != 15:
				d.eobRun = 1 << r
				if r > 0 {
					d.eobRun += int(br.bits(uint(r)))
				}
			}
			if d.eobRun > 0 {
				break // the rest of the band goes as in a run
			}
			// Skip r zero coefficients (or, with no value, sixteen),
			// refining the non-zero ones passed, then place val.
			for ; k <= s.se; k++ {
				if b[k] != 0 {
					refine(br, &b[k], p1, m1)
					continue
				}
				if r == 0 {
					if val != 0 {
						b[k] = val
					}
					break
				}
				r--
			}
		}
	}
	if d.eobRun > 0 {
		for ; k <= s.se; k++ {
			if b[k] != 0 {
				refine(br, &b[k], p1, m1)
			}
		}
		d.eobRun--
	}
	return nil
}

// refine applies a correction bit to a non-zero coefficient.
func refine(br *bitReader, c *int16, p1, m1 int16) {
	if br.bit() && *c&p1 == 0 {
		if *c >= 0 {
			*c += p1
		} else {
			*c += m1
		}
	}
}

// reconstructProgressive dequantises and transforms every block.
func (d *decoder) reconstructProgressive() {
	n := d.n
	keep, store := &keepFor[n], storeFor[n]
	var blk [256]int32
	for ci := range d.comps {
		c := &d.comps[ci]
		for y := range c.bh {
			for x := range c.bw {
				b := c.coef[(y*c.bw+x)*64:][:64]
				clear(blk[:n*n])
				for k, v := range b {
					blk[keep[k]] = int32(v) * c.quant[k]
				}
				if d.inspect != nil {
					d.inspect(&blk)
				}
				store(&blk, c.pix[(y*c.stride+x)*n:], c.stride)
			}
		}
	}
}
