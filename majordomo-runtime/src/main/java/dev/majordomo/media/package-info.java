/**
 * Images for prompts: {@link dev.majordomo.media.Image} (from bytes, a file, a stream or a URL),
 * the {@link dev.majordomo.media.ImageException} a bad image raises, and the per-provider {@link
 * dev.majordomo.media.ImageLimits} that providers check and downscale against. {@code
 * docs/images.md} has the details.
 */
package dev.majordomo.media;
