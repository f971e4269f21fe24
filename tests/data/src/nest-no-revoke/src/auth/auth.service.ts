import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

@Injectable()
export class AuthService {
  constructor(private readonly jwtService: JwtService) {}

  async refreshTokens(refreshToken: string) {
    const payload = await this.jwtService.verifyAsync(refreshToken, { secret: process.env.JWT_REFRESH_SECRET, algorithms: ['HS256'] });
    return this.getTokens(payload.sub);
  }

  async getTokens(sub: string) {
    const accessToken = await this.jwtService.signAsync({ sub }, { secret: process.env.JWT_SECRET, expiresIn: '15m' });
    const refreshToken = await this.jwtService.signAsync({ sub }, { secret: process.env.JWT_REFRESH_SECRET, expiresIn: '7d' });
    return { accessToken, refreshToken };
  }
}
