import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { findForeignContent, sniffFileKind, trailingBytes } from '../../src/domain/media/file-signature.js';
import {
  canEditMedia,
  checkMediaText,
  cleanFileName,
  lacksAltText,
  normaliseMediaText,
  publishableImageProblem,
  variantFormats,
  variantWidths,
} from '../../src/domain/media/media-rules.js';
import { ImageRefused, processImage } from '../../src/services/media/process-image.js';
import { bombPng, picture, UNNAMED_HTML, withTrailer, zipArchive } from '../fixtures/media/images.js';

describe('unit: media rules', () => {
  it('stores standard widths below the original and the original up to 1600 px, never scaling up', () => {
    expect(variantWidths(4000)).toEqual([320, 640, 1024, 1200, 1600]);
    expect(variantWidths(1600)).toEqual([320, 640, 1024, 1200, 1600]);
    // 1200 of a 1400 px original is not worth a file of its own; a link preview makes it when needed.
    expect(variantWidths(1400)).toEqual([320, 640, 1024, 1400]);
    expect(variantWidths(800)).toEqual([320, 640, 800]);
    // 640 of a 700 px original is not worth a file of its own.
    expect(variantWidths(700)).toEqual([320, 700]);
    expect(variantWidths(120)).toEqual([120]);
  });

  it('offers WebP and keeps the original format as the fallback', () => {
    expect(variantFormats('jpeg')).toEqual(['webp', 'jpeg']);
    expect(variantFormats('png')).toEqual(['webp', 'png']);
    expect(variantFormats('gif')).toEqual(['webp', 'gif']);
    expect(variantFormats('webp')).toEqual(['webp']);
  });

  it('counts no alt text, blank alt text and a file name as missing alt text', () => {
    expect(lacksAltText('')).toBe(true);
    expect(lacksAltText('   \n')).toBe(true);
    expect(lacksAltText('IMG_2041.JPG')).toBe(true);
    expect(lacksAltText('rally at the gates', 'rally at the gates')).toBe(true);
    expect(lacksAltText('Protesters with placards outside the Corinthia hotel')).toBe(false);
    expect(publishableImageProblem({ alt: '', originalName: 'a.jpg' })).toMatch(/needs alt text/);
    expect(publishableImageProblem({ alt: 'Strikers in Zhanaozen', originalName: 'a.jpg' })).toBeNull();
    expect(publishableImageProblem(undefined)).toMatch(/no longer in the media library/);
  });

  it('trims the text, treats empty caption and credit as none, and limits lengths', () => {
    expect(normaliseMediaText({ alt: '  A march \r\n', caption: ' ', credit: undefined })).toEqual({ alt: 'A march', caption: null, credit: null });
    expect(checkMediaText({ alt: 'a'.repeat(1000), caption: null, credit: null })).toEqual([]);
    const errors = checkMediaText({ alt: 'a'.repeat(1001), caption: 'c'.repeat(2001), credit: 'r'.repeat(301) });
    expect(errors.map((e) => e.field)).toEqual(['alt', 'caption', 'credit']);
    expect(cleanFileName('C:\\Users\\ana\\march\u0007.jpg')).toBe('march.jpg');
    expect(cleanFileName('')).toBeNull();
  });

  it('lets authors edit only their own uploads, others any, coordinators none', () => {
    const item = { uploader: { id: 7 } };
    expect(canEditMedia({ id: 7, role: 'author' }, item)).toBe(true);
    expect(canEditMedia({ id: 8, role: 'author' }, item)).toBe(false);
    expect(canEditMedia({ id: 8, role: 'section_editor' }, item)).toBe(true);
    expect(canEditMedia({ id: 8, role: 'coordinator' }, item)).toBe(false);
  });
});

describe('unit: file signatures and hidden documents', () => {
  it('reads the signature, not the name', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(sniffFileKind(png)).toBe('png');
    expect(sniffFileKind(Buffer.from('\ufeff<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(sniffFileKind(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
    expect(sniffFileKind(Buffer.from('just some text, saved as photo.jpg'))).toBe('unknown');
    expect(sniffFileKind(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBe('unknown');
  });

  it('finds HTML, PHP, PDF and ZIP inside an image, and nothing in ordinary photos', async () => {
    const photo = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(findForeignContent(photo)).toBeNull();
    expect(findForeignContent(Buffer.concat([photo, Buffer.from('<HTML><Script>alert(1)</script>')]))).toBe('HTML or script');
    expect(findForeignContent(Buffer.concat([photo.subarray(0, 20), Buffer.from('<?php system($_GET["c"]); ?>'), photo.subarray(20)]))).toBe('PHP code');
    expect(findForeignContent(Buffer.concat([photo, Buffer.from('%PDF-1.4 ...')]))).toBe('a PDF document');
    expect(findForeignContent(Buffer.concat([photo, zipArchive('a.txt', 'hello')]))).toBe('a ZIP archive');
    // The end-of-archive signature alone, without a central directory behind it, is not a ZIP.
    expect(findForeignContent(Buffer.concat([photo, Buffer.from('PK\x05\x06'), Buffer.alloc(18)]))).toBeNull();
  });
});

describe('unit: data after the end of an image', () => {
  it('finds the end of PNG, GIF and WebP files by their structure, and what follows it', async () => {
    for (const format of ['png', 'gif', 'webp'] as const) {
      const image = await picture(format, 120, 80);
      expect(trailingBytes(image, format), format).toBe(0);
      expect(trailingBytes(withTrailer(image, UNNAMED_HTML), format), format).toBe(UNNAMED_HTML.length);
      expect(trailingBytes(withTrailer(image, '\n'), format), format).toBe(1);
      // The markup patterns alone miss this HTML: the structure is what catches it.
      expect(findForeignContent(withTrailer(image, UNNAMED_HTML)), format).toBeNull();
    }
    expect(trailingBytes(bombPng(64, 64), 'png')).toBe(0);
    const animated = await sharp(await picture('gif', 40, 40), { animated: true })
      .gif({ loop: 0 })
      .toBuffer();
    expect(trailingBytes(animated, 'gif')).toBe(0);
  });

  it('leaves a file it cannot follow to the decoder, and does not judge JPEG trailers', async () => {
    const png = await picture('png', 60, 60);
    expect(trailingBytes(png.subarray(0, png.length - 20), 'png')).toBeNull();
    expect(trailingBytes(withTrailer(await picture('jpeg', 60, 60), 'MPF second picture'), 'jpeg')).toBeNull();
  });
});

describe('unit: decoding and re-encoding', () => {
  const refusal = async (bytes: Buffer) => {
    const error = await processImage(bytes).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImageRefused);
    return (error as Error).message;
  };

  it('refuses a decompression bomb before decoding it', async () => {
    const bomb = bombPng(8000, 8000);
    expect(bomb.length).toBeLessThan(20_000);
    expect(await refusal(bomb)).toMatch(/8000 × 8000 pixels \(64\.0 megapixels\); the most accepted is 50 megapixels/);
  });

  it('refuses a truncated image and a file whose signature lies', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    expect(await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)))).toMatch(/damaged or incomplete/);
    expect(await refusal(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a PNG at all')]))).toMatch(
      /damaged|not a JPEG/,
    );
  });

  it('refuses a PNG, GIF or WebP with anything after its end, and takes a JPEG trailer only as pixels', async () => {
    for (const format of ['png', 'gif', 'webp'] as const) {
      expect(await refusal(withTrailer(await picture(format, 120, 80), UNNAMED_HTML)), format).toBe(
        `The file has ${UNNAMED_HTML.length} bytes of something else after the end of the image. Open it in an image editor, export it again and upload the new copy.`,
      );
    }
    // A phone's JPEG may carry more after its end; only its decoded pixels are kept.
    const trailer = Buffer.from('MPF second picture, not markup');
    const out = await processImage(withTrailer(await picture('jpeg', 120, 80), trailer));
    for (const v of out.variants) expect(v.bytes.includes(trailer)).toBe(false);
  });

  it('decodes a PNG with transparency into renditions that keep it', async () => {
    const png = await sharp({ create: { width: 500, height: 250, channels: 4, background: { r: 200, g: 0, b: 0, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const out = await processImage(png);
    expect(out.variants.map((v) => `${v.format}:${v.width}x${v.height}`)).toEqual(['webp:320x160', 'png:320x160', 'webp:500x250', 'png:500x250']);
    for (const v of out.variants) expect((await sharp(v.bytes).metadata()).hasAlpha).toBe(true);
  });
});
