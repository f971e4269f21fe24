const jwt = require('jsonwebtoken');
const { RefreshToken } = require('../models');

const ACCESS_SECRET = process.env.JWT_ACCESS_SECRET;
const REFRESH_SECRET = process.env.JWT_REFRESH_SECRET;

async function generateTokens(userId) {
  const accessToken = jwt.sign({ sub: userId }, ACCESS_SECRET, { expiresIn: '15m', algorithm: 'HS256' });
  const refreshToken = jwt.sign({ sub: userId }, REFRESH_SECRET, { expiresIn: '7d' });
  await RefreshToken.create({ token: refreshToken, user: userId });
  return { accessToken, refreshToken };
}

async function rotateRefreshToken(token) {
  const payload = jwt.verify(token, REFRESH_SECRET, { algorithms: ['HS256'] });
  const stored = await RefreshToken.findOneAndDelete({ token });
  if (!stored) throw new Error('reused');
  return generateTokens(payload.sub);
}

async function revokeRefreshToken(token) {
  await RefreshToken.deleteOne({ token });
}

module.exports = { generateTokens, rotateRefreshToken, revokeRefreshToken };
