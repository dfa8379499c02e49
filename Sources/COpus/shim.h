#ifndef CCRD_COPUS_SHIM_H
#define CCRD_COPUS_SHIM_H

#include <opus/opus.h>

/* opus_*_ctl are variadic and the OPUS_SET_* macros are invisible to Swift:
   these typed wrappers are what Swift calls. */

static inline int ccr_opus_encoder_set_bitrate(OpusEncoder *enc, opus_int32 bitrate) {
    return opus_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate));
}

static inline int ccr_opus_encoder_set_inband_fec(OpusEncoder *enc, opus_int32 on) {
    return opus_encoder_ctl(enc, OPUS_SET_INBAND_FEC(on));
}

static inline int ccr_opus_encoder_set_packet_loss_perc(OpusEncoder *enc, opus_int32 percent) {
    return opus_encoder_ctl(enc, OPUS_SET_PACKET_LOSS_PERC(percent));
}

static inline int ccr_opus_encoder_set_max_bandwidth(OpusEncoder *enc, opus_int32 bandwidth) {
    return opus_encoder_ctl(enc, OPUS_SET_MAX_BANDWIDTH(bandwidth));
}

static inline int ccr_opus_decoder_reset(OpusDecoder *dec) {
    return opus_decoder_ctl(dec, OPUS_RESET_STATE);
}

static inline int ccr_opus_decoder_last_packet_duration(OpusDecoder *dec, opus_int32 *samples) {
    return opus_decoder_ctl(dec, OPUS_GET_LAST_PACKET_DURATION(samples));
}

#endif
