const express = require('express');
const tokens = require('../services/tokens');
const router = express.Router();

router.post('/auth/refresh', async (req, res, next) => {
  try {
    const pair = await tokens.rotateRefreshToken(req.body.refreshToken);
    res.json(pair);
  } catch (err) {
    next(err);
  }
});

router.post('/auth/logout', async (req, res) => {
  await tokens.revokeRefreshToken(req.body.refreshToken);
  res.status(204).end();
});

module.exports = router;
